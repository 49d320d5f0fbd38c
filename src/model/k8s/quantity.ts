// Kubernetes resource quantities (k8s.io/apimachinery/pkg/api/resource ParseQuantity) as numbers: "250m", "1.5",
// "64Mi", "1e3". Where kubectl compares two strings that both read as quantities (`--sort-by`), it compares amounts.

const SUFFIX: Record<string, number> = {
  '': 1, n: 1e-9, u: 1e-6, m: 1e-3, k: 1e3, M: 1e6, G: 1e9, T: 1e12, P: 1e15, E: 1e18,
  Ki: 2 ** 10, Mi: 2 ** 20, Gi: 2 ** 30, Ti: 2 ** 40, Pi: 2 ** 50, Ei: 2 ** 60,
};

/** The amount a quantity string stands for, or undefined when ParseQuantity would refuse it. */
export function quantityValue(text: string): number | undefined {
  const m = /^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$/.exec(text);
  if (!m || !/^[+-]?(\d+\.?\d*|\.\d+)$/.test(m[1])) return undefined;
  const number = Number(m[1]);
  const suffix = m[2];
  if (suffix in SUFFIX) return number * SUFFIX[suffix];
  const exponent = /^[eE]([-+]?\d+)$/.exec(suffix);
  return exponent ? number * 10 ** Number(exponent[1]) : undefined;
}
