// `aws elbv2 describe-load-balancer-attributes` and `describe-target-group-attributes` for NLBs: every attribute
// the API lists for a network load balancer or a TCP target group (as of the seed lab, May 2023), AWS's default
// overlaid with what the controller set from the Service's annotations. Values are strings, as the API has them.
// Defaults: Elastic Load Balancing's NLB guide ("Load balancer attributes", "Target group attributes");
// preserve_client_ip.enabled follows the target type (aws/nlb-dataplane.ts).
import type { LoadBalancer, TargetGroup } from '../../model/aws/elbv2.ts';

export function nlbAttributes(lb: LoadBalancer): { Key: string; Value: string }[] {
  const defaults: [string, string][] = [
    ['access_logs.s3.enabled', 'false'],
    ['access_logs.s3.bucket', ''],
    ['access_logs.s3.prefix', ''],
    ['deletion_protection.enabled', 'false'],
    ['ipv6.deny_all_igw_traffic', lb.scheme === 'internal' ? 'true' : 'false'],
    ['load_balancing.cross_zone.enabled', 'false'],
    ['dns_record.client_routing_policy', 'any_availability_zone'],
  ];
  return withOverrides(defaults, lb.attributes);
}

export function tcpTargetGroupAttributes(tg: TargetGroup): { Key: string; Value: string }[] {
  const defaults: [string, string][] = [
    ['proxy_protocol_v2.enabled', 'false'],
    ['preserve_client_ip.enabled', tg.targetType === 'instance' ? 'true' : 'false'],
    ['stickiness.enabled', 'false'],
    ['deregistration_delay.timeout_seconds', '300'],
    ['stickiness.type', 'source_ip'],
    ['deregistration_delay.connection_termination.enabled', 'false'],
    ['load_balancing.cross_zone.enabled', 'use_load_balancer_configuration'],
  ];
  return withOverrides(defaults, tg.attributes);
}

/** AWS's list with the set values in place (keys AWS does not know are refused by the controller's call, not here). */
function withOverrides(defaults: [string, string][], set: Record<string, string>): { Key: string; Value: string }[] {
  return defaults.map(([Key, def]) => ({ Key, Value: set[Key] ?? def }));
}
