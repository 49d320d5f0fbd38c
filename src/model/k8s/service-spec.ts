// The API server's defaulting and validation of a Service's traffic fields, as Kubernetes 1.24 does them:
// pkg/apis/core/v1/defaults.go (SetDefaults_Service), pkg/apis/core/validation/validation.go (ValidateService,
// validateClientIPAffinityConfig, validateServiceExternalTrafficFieldsValue, validateServiceInternalTrafficFieldsValue,
// ValidateServiceExternalTrafficFieldsCombination) and pkg/registry/core/service/storage (the health check node port
// allocated from the NodePort range for LoadBalancer + externalTrafficPolicy Local). Messages are field.Error's:
// `spec.x: Invalid value: V: detail`, joined into `The Service "NAME" is invalid: …` as the API server's
// NewInvalid joins them.

/** The traffic fields as a manifest or kubectl writes them, before the API server looks at them. */
export interface ServiceTrafficInput {
  type: string;
  sessionAffinity?: string;
  /** sessionAffinityConfig.clientIP.timeoutSeconds, when the manifest has a sessionAffinityConfig at all. */
  sessionAffinityConfig?: { clientIP?: { timeoutSeconds?: number } };
  externalTrafficPolicy?: string;
  internalTrafficPolicy?: string;
  healthCheckNodePort?: number;
}

/** What the API server stores for them. */
export interface ServiceTraffic {
  sessionAffinity: 'None' | 'ClientIP';
  /** Only with ClientIP: sessionAffinityConfig.clientIP.timeoutSeconds. */
  sessionAffinityTimeoutSeconds?: number;
  /** Only on NodePort and LoadBalancer Services. */
  externalTrafficPolicy?: 'Cluster' | 'Local';
  internalTrafficPolicy: 'Cluster' | 'Local';
  /** Only on LoadBalancer Services with externalTrafficPolicy Local. */
  healthCheckNodePort?: number;
}

/** core.DefaultClientIPServiceAffinitySeconds and MaxClientIPServiceAffinitySeconds. */
export const DEFAULT_AFFINITY_SECONDS = 10800;
export const MAX_AFFINITY_SECONDS = 86400;

/** field.Error's value printing: strings quoted, numbers bare. */
const shown = (v: unknown) => (typeof v === 'string' ? JSON.stringify(v) : String(v));
const invalid = (path: string, value: unknown, detail: string) => `${path}: Invalid value: ${shown(value)}: ${detail}`;
const unsupported = (path: string, value: string, supported: string[]) =>
  `${path}: Unsupported value: ${JSON.stringify(value)}: supported values: ${supported.map((s) => JSON.stringify(s)).join(', ')}`;

/** SetDefaults_Service, then the checks of ValidateService on these fields: the stored fields, or the errors. */
export function admitServiceTraffic(input: ServiceTrafficInput): { traffic: ServiceTraffic; errors: string[] } | { errors: string[] } {
  const errors: string[] = [];
  const externallyReachable = input.type === 'NodePort' || input.type === 'LoadBalancer';
  // Defaulting (v1): sessionAffinity None; ClientIP gets its config; Cluster policies where they apply.
  const affinity = input.sessionAffinity || 'None';
  let config = input.sessionAffinityConfig;
  if (affinity === 'ClientIP' && (!config?.clientIP || config.clientIP.timeoutSeconds === undefined)) {
    config = { clientIP: { timeoutSeconds: DEFAULT_AFFINITY_SECONDS } };
  }
  const etp = input.externalTrafficPolicy || (externallyReachable ? 'Cluster' : '');
  const itp = input.internalTrafficPolicy || 'Cluster';

  if (affinity !== 'None' && affinity !== 'ClientIP') errors.push(unsupported('spec.sessionAffinity', affinity, ['ClientIP', 'None']));
  if (affinity === 'ClientIP') {
    const t = config!.clientIP!.timeoutSeconds!;
    if (t <= 0 || t > MAX_AFFINITY_SECONDS) {
      errors.push(invalid('spec.sessionAffinityConfig.clientIP.timeoutSeconds', t, `must be greater than 0 and less than ${MAX_AFFINITY_SECONDS}`));
    }
  } else if (affinity === 'None' && config !== undefined) {
    errors.push('spec.sessionAffinityConfig: Forbidden: must not be set when session affinity is None');
  }
  if (etp !== '' && etp !== 'Cluster' && etp !== 'Local') errors.push(invalid('spec.externalTrafficPolicy', etp, 'ExternalTrafficPolicy must be empty, Cluster or Local'));
  if ((input.healthCheckNodePort ?? 0) < 0) errors.push(invalid('spec.healthCheckNodePort', input.healthCheckNodePort, 'HealthCheckNodePort must be not less than 0'));
  if (itp !== 'Cluster' && itp !== 'Local') errors.push(unsupported('spec.internalTrafficPolicy', itp, ['Cluster', 'Local']));
  if (!externallyReachable && etp !== '') {
    errors.push(invalid('spec.externalTrafficPolicy', etp, 'ExternalTrafficPolicy can only be set on NodePort and LoadBalancer service'));
  }
  const needsHealthCheck = input.type === 'LoadBalancer' && etp === 'Local';
  if (!needsHealthCheck && (input.healthCheckNodePort ?? 0) !== 0) {
    errors.push(invalid('spec.healthCheckNodePort', input.healthCheckNodePort, 'HealthCheckNodePort can only be set on LoadBalancer service with ExternalTrafficPolicy=Local'));
  }
  if (errors.length) return { errors };
  return {
    errors,
    traffic: {
      sessionAffinity: affinity as ServiceTraffic['sessionAffinity'],
      ...(affinity === 'ClientIP' ? { sessionAffinityTimeoutSeconds: config!.clientIP!.timeoutSeconds! } : {}),
      ...(etp ? { externalTrafficPolicy: etp as 'Cluster' | 'Local' } : {}),
      internalTrafficPolicy: itp as 'Cluster' | 'Local',
      ...(needsHealthCheck && input.healthCheckNodePort ? { healthCheckNodePort: input.healthCheckNodePort } : {}),
    },
  };
}

/** Whether the API server allocates a health check node port for this Service (apiservice.NeedsHealthCheck). */
export const needsHealthCheck = (type: string, traffic: ServiceTraffic) => type === 'LoadBalancer' && traffic.externalTrafficPolicy === 'Local';

/** errors.NewInvalid's message: one error inline, several as a bulleted list. */
export function invalidMessage(kind: string, name: string, errors: string[]): string {
  return errors.length === 1
    ? `The ${kind} "${name}" is invalid: ${errors[0]}`
    : `The ${kind} "${name}" is invalid: \n${errors.map((e) => `* ${e}`).join('\n')}`;
}
