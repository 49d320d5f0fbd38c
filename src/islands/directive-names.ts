/** The client directives src/islands/directives.ts defines: a page using another fails the build (src/middleware.ts). */
export const ISLAND_DIRECTIVES = ['load', 'visible'];
