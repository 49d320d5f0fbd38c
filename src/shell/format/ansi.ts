/** Text without ANSI escape sequences (colours from `ip -c`, cursor moves): for logs, screen readers, tests. */
export const stripAnsi = (text: string): string => text.replace(/\x1b\[[0-9;]*[A-Za-z]/g, '');
