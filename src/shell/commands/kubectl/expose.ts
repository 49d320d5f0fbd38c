// kubectl expose deployment|pod|service|replicaset NAME --port=N: a Service selecting what the object selects,
// named after it, its targetPort the container's port unless --target-port says otherwise. Its endpoints come
// from the EndpointSlice controller (the Services topic).
import { qualifiedName } from '../../../model/api/discovery.ts';
import type { Cluster } from '../../../model/cluster/cluster.ts';
import type { Deployment, Pod, ReplicaSet, Service } from '../../../model/cluster/types.ts';
import type { CommandOutput } from '../../types.ts';
import type { KubectlArgs } from './args.ts';
import { findResource } from './resources.ts';

const fail = (stderr: string): CommandOutput => ({ stdout: '', stderr: `${stderr}\n`, exitCode: 1 });

export function kubectlExpose(cluster: Cluster, args: KubectlArgs): CommandOutput {
  let [type, name] = args.positionals;
  if (type?.includes('/')) [type, name] = type.split('/');
  if (!type) return fail('error: You must provide one or more resources by argument or filename.');
  const resource = findResource(type);
  if (!resource) return fail(`error: the server doesn't have a resource type "${type}"`);
  if (!name) return fail('error: resource(s) were provided, but no name was specified');
  const namespace = args.flags.get('namespace') ?? 'default';
  const target = cluster.store.get(resource.kind, namespace, name);
  if (!target) return fail(`Error from server (NotFound): ${qualifiedName(resource.api)} "${name}" not found`);
  let selector: Record<string, string> | undefined;
  let containerPort: number | undefined;
  if (target.kind === 'Deployment' || target.kind === 'ReplicaSet') {
    const spec = (target as Deployment | ReplicaSet).spec;
    selector = spec.selector;
    containerPort = spec.template.containers[0]?.ports[0]?.containerPort;
  } else if (target.kind === 'Pod') {
    const pod = target as Pod;
    selector = pod.labels;
    containerPort = pod.template.containers[0]?.ports[0]?.containerPort;
  } else if (target.kind === 'Service') {
    selector = (target as Service).spec.selector;
    containerPort = (target as Service).spec.ports[0]?.port;
  } else {
    return fail(`error: cannot expose a ${target.kind}`);
  }
  if (!selector || Object.keys(selector).length === 0) return fail(`error: couldn't retrieve selectors via --selector flag or introspection: the ${target.kind.toLowerCase()} has no labels`);
  const portText = args.flags.get('port');
  const port = portText !== undefined ? Number(portText) : containerPort;
  if (port === undefined || !Number.isInteger(port)) return fail("error: couldn't find port via --port flag or introspection\nSee 'kubectl expose -h' for help and examples");
  const typeFlag = args.flags.get('type') ?? 'ClusterIP';
  const svcType = ({ clusterip: 'ClusterIP', nodeport: 'NodePort', loadbalancer: 'LoadBalancer' } as const)[typeFlag.toLowerCase() as 'clusterip'];
  if (!svcType) return fail(`error: Service "${name}" is invalid: spec.type: Unsupported value: "${typeFlag}": supported values: "ClusterIP", "ExternalName", "LoadBalancer", "NodePort"`);
  const serviceName = args.flags.get('name') ?? name;
  if (cluster.store.get('Service', namespace, serviceName)) return fail(`Error from server (AlreadyExists): services "${serviceName}" already exists`);
  const targetText = args.flags.get('target-port');
  const targetPort = targetText === undefined ? (containerPort ?? port) : /^\d+$/.test(targetText) ? Number(targetText) : targetText;
  const protocol = args.flags.get('protocol') ?? 'TCP';
  // expose copies what it can from an exposed Service (kubectl's generator: sessionAffinity, externalIPs …); the
  // API server allocates the node ports.
  const from = target.kind === 'Service' ? (target as Service).spec : undefined;
  const affinity = args.flags.get('session-affinity') ?? (from?.sessionAffinity === 'ClientIP' ? 'ClientIP' : undefined);
  const externalIp = args.flags.get('external-ip');
  const result = cluster.applyService({
    namespace, name: serviceName, labels: target.metadata.labels,
    spec: { type: svcType, selector, ports: [{ protocol, port, targetPort }], ...(externalIp ? { externalIPs: externalIp.split(',') } : {}) },
    traffic: affinity ? { sessionAffinity: affinity } : {},
  });
  if (typeof result !== 'string') return fail(result.invalid);
  return { stdout: `service/${serviceName} exposed\n`, stderr: '', exitCode: 0 };
}
