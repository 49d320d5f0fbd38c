// `aws ec2 describe-network-interfaces | describe-instances` with --filters, --query (JMESPath, as the AWS CLI
// uses) and --output json|text, answered from the simulated VPC.
import jmespath from 'jmespath';
import { describeInstances, describeNetworkInterfaces, describeSubnets, writeSubnetTags } from '../../model/aws/ec2-api.ts';
import { clusterSession } from '../session.ts';
import { type AwsResult, eksOperation, elbv2Operation, iamOperation, stsOperation } from './aws-services.ts';
import type { Command, CommandOutput } from '../types.ts';
import { longOption } from './util.ts';

type Item = Record<string, unknown>;

function fail(message: string, code = 252): CommandOutput {
  return { stdout: '', stderr: `${message}\n`, exitCode: code };
}

/** Filter names to the paths they test (a subset of EC2's). */
const ENI_FILTERS: Record<string, (i: Item) => unknown[]> = {
  'network-interface-id': (i) => [i.NetworkInterfaceId],
  'vpc-id': (i) => [i.VpcId],
  'subnet-id': (i) => [i.SubnetId],
  'availability-zone': (i) => [i.AvailabilityZone],
  description: (i) => [i.Description],
  status: (i) => [i.Status],
  'private-ip-address': (i) => [i.PrivateIpAddress],
  'addresses.private-ip-address': (i) => (i.PrivateIpAddresses as Item[]).map((a) => a.PrivateIpAddress),
  'attachment.instance-id': (i) => [(i.Attachment as Item).InstanceId],
  'attachment.device-index': (i) => [String((i.Attachment as Item).DeviceIndex)],
  'mac-address': (i) => [i.MacAddress],
};

const SUBNET_FILTERS: Record<string, (i: Item) => unknown[]> = {
  'subnet-id': (i) => [i.SubnetId],
  'vpc-id': (i) => [i.VpcId],
  'availability-zone': (i) => [i.AvailabilityZone],
  'cidr-block': (i) => [i.CidrBlock],
  'map-public-ip-on-launch': (i) => [String(i.MapPublicIpOnLaunch)],
  'tag-key': (i) => ((i.Tags as { Key: string }[] | undefined) ?? []).map((t) => t.Key),
};

const INSTANCE_FILTERS: Record<string, (i: Item) => unknown[]> = {
  'instance-id': (i) => [i.InstanceId],
  'instance-type': (i) => [i.InstanceType],
  'private-ip-address': (i) => [i.PrivateIpAddress],
  'private-dns-name': (i) => [i.PrivateDnsName],
  'instance-state-name': (i) => [(i.State as Item).Name],
  'availability-zone': (i) => [(i.Placement as Item).AvailabilityZone],
  'subnet-id': (i) => [i.SubnetId],
  'vpc-id': (i) => [i.VpcId],
};

function tagValues(i: Item, key: string): unknown[] {
  const tags = (i.TagSet ?? i.Tags ?? []) as { Key: string; Value: string }[];
  return tags.filter((t) => t.Key === key).map((t) => t.Value);
}

function wildcard(pattern: string): RegExp {
  return new RegExp(`^${pattern.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.')}$`);
}

/** `Name=a,Values=x,y` (the shorthand) or JSON `[{"Name": …, "Values": […]}]`. */
function parseFilters(words: string[]): { name: string; values: string[] }[] | string {
  const out: { name: string; values: string[] }[] = [];
  for (const w of words) {
    if (w.trim().startsWith('[')) {
      try {
        for (const f of JSON.parse(w) as { Name: string; Values: string[] }[]) out.push({ name: f.Name, values: f.Values });
      } catch {
        return `Error parsing parameter '--filters': Invalid JSON: ${w}`;
      }
      continue;
    }
    const m = /^Name=([^,]+),Values=(.+)$/.exec(w);
    if (!m) return `Error parsing parameter '--filters': Expected: '=', received: 'EOF' for input:\n${w}`;
    out.push({ name: m[1], values: m[2].split(',') });
  }
  return out;
}

function applyFilters(items: Item[], filters: { name: string; values: string[] }[], known: Record<string, (i: Item) => unknown[]>): Item[] | string {
  for (const f of filters) {
    const get = f.name.startsWith('tag:') ? (i: Item) => tagValues(i, f.name.slice(4)) : known[f.name];
    if (!get) return `An error occurred (InvalidParameterValue) when calling the operation: The filter '${f.name}' is invalid`;
    const patterns = f.values.map(wildcard);
    items = items.filter((i) => get(i).some((v) => patterns.some((p) => p.test(String(v)))));
  }
  return items;
}

/** The AWS CLI's text output: scalars tab-separated per row (null as Python's str(None)), lists of lists one row each, dict keys sorted. */
function toText(value: unknown): string {
  if (value === null || value === undefined) return 'None\n';
  if (!Array.isArray(value)) {
    if (typeof value !== 'object') return `${value}\n`;
    const entries = Object.entries(value as Item).sort(([a], [b]) => (a < b ? -1 : 1));
    return `${entries.map(([, v]) => (v === null ? 'None' : typeof v === 'object' ? '' : String(v))).join('\t')}\n`;
  }
  if (value.every((v) => !Array.isArray(v) && (v === null || typeof v !== 'object'))) return value.length ? `${value.map((v) => (v === null || v === undefined ? 'None' : String(v))).join('\t')}\n` : '';
  return value.map((v) => toText(v)).join('');
}

export const aws: Command = {
  name: 'aws',
  usage: 'aws ec2 describe-network-interfaces|describe-instances|describe-subnets [--filters …] [--query …] [--output json|text] | create-tags|delete-tags --resources ID… --tags Key=K,Value=V…',
  hosts: ['bastion'],
  complete(words) {
    if (words.length <= 2) return ['ec2', 'eks', 'elbv2', 'iam', 'sts'];
    if (words.length === 3) return ['describe-network-interfaces', 'describe-instances', 'describe-subnets', 'create-tags', 'delete-tags'];
    return ['--filters', '--query', '--output', 'json', 'text'];
  },
  run({ args, session }) {
    const cluster = clusterSession(session).cluster;
    const [service, operation, ...rest] = args;
    if (!service) return fail('usage: aws [options] <command> <subcommand> [<subcommand> ...] [parameters]\naws: error: the following arguments are required: command', 252);
    if (service !== 'ec2') {
      let r: AwsResult;
      if (service === 'eks') r = eksOperation(cluster, operation ?? '', rest);
      else if (service === 'iam') r = iamOperation(cluster, session, operation ?? '', rest);
      else if (service === 'sts') r = stsOperation(operation ?? '');
      else if (service === 'elbv2') r = elbv2Operation(cluster, operation ?? '', rest);
      else return fail(`aws: error: argument command: Invalid choice (this simulator knows ec2, eks, elbv2, iam and sts)`, 252);
      if ('error' in r) return fail(r.error, r.code);
      const q = longOption(rest, '--query');
      const out = longOption(rest, '--output') ?? 'json';
      let value: unknown = r.ok;
      if (q !== undefined) {
        try {
          value = jmespath.search(r.ok, q);
        } catch (e) {
          return fail(`\nBad value for --query ${q}: ${(e as Error).message}`, 252);
        }
      }
      return { stdout: out === 'text' ? toText(value) : `${JSON.stringify(value, null, 4)}\n`, stderr: '', exitCode: 0 };
    }
    if (operation === 'create-tags' || operation === 'delete-tags') return ec2Tags(cluster, operation, rest);
    let query: string | undefined, output = 'json';
    const filterWords: string[] = [];
    for (let i = 0; i < rest.length; i++) {
      const a = rest[i];
      if (a === '--query') query = rest[++i];
      else if (a === '--output') output = rest[++i] ?? '';
      else if (a === '--filters' || a === '--filter') while (rest[i + 1] !== undefined && !rest[i + 1].startsWith('--')) filterWords.push(rest[++i]);
      else if (a === '--region' || a === '--profile') i++;
      else if (a === '--no-cli-pager') continue;
      else return fail(`\nUnknown options: ${a}`, 252);
    }
    if (!['json', 'text'].includes(output)) return fail(`aws: error: argument --output: Invalid choice, valid choices are:\n\njson                                     | text\n(table and yaml are not available in this simulator)`, 252);
    const filters = parseFilters(filterWords);
    if (typeof filters === 'string') return fail(filters, 252);
    let result: Item;
    if (operation === 'describe-network-interfaces') {
      const items = applyFilters(describeNetworkInterfaces(cluster), filters, ENI_FILTERS);
      if (typeof items === 'string') return fail(items.replace('the operation', 'the DescribeNetworkInterfaces operation'), 254);
      result = { NetworkInterfaces: items };
    } else if (operation === 'describe-instances') {
      const items = applyFilters(describeInstances(cluster), filters, INSTANCE_FILTERS);
      if (typeof items === 'string') return fail(items.replace('the operation', 'the DescribeInstances operation'), 254);
      result = { Reservations: items.map((i) => ({ Groups: [], Instances: [i], OwnerId: '123456789012', ReservationId: `r-0${String(i.InstanceId).slice(3)}` })) };
    } else if (operation === 'describe-subnets') {
      const items = applyFilters(describeSubnets(cluster), filters, SUBNET_FILTERS);
      if (typeof items === 'string') return fail(items.replace('the operation', 'the DescribeSubnets operation'), 254);
      result = { Subnets: items };
    } else {
      return fail(`aws: error: argument operation: Invalid choice: '${operation ?? ''}' (this simulator knows describe-network-interfaces, describe-instances, describe-subnets, create-tags and delete-tags)`, 252);
    }
    let value: unknown = result;
    if (query !== undefined) {
      try {
        value = jmespath.search(result, query);
      } catch (e) {
        return fail(`\nBad value for --query ${query}: ${(e as Error).message}`, 252);
      }
    }
    return { stdout: output === 'text' ? toText(value) : `${JSON.stringify(value, null, 4)}\n`, stderr: '', exitCode: 0 };
  },
};

/**
 * `aws ec2 create-tags|delete-tags --resources ID… --tags Key=K,Value=V …` on the VPC's subnets (what the load
 * balancer controller's subnet discovery reads). Both print nothing on success, as the AWS CLI does.
 */
function ec2Tags(cluster: ReturnType<typeof clusterSession>['cluster'], operation: 'create-tags' | 'delete-tags', rest: string[]) {
  const resources: string[] = [];
  const tags: { Key: string; Value?: string }[] = [];
  for (let i = 0; i < rest.length; i++) {
    const a = rest[i];
    const list = a === '--resources' ? 'resources' : a === '--tags' ? 'tags' : undefined;
    if (!list) {
      if (a === '--region' || a === '--profile') i++;
      else return fail(`\nUnknown options: ${a}`, 252);
      continue;
    }
    while (rest[i + 1] !== undefined && !rest[i + 1].startsWith('--')) {
      const w = rest[++i];
      if (list === 'resources') resources.push(w);
      else {
        const kv = Object.fromEntries(w.split(',').map((p) => [p.slice(0, p.indexOf('=')), p.slice(p.indexOf('=') + 1)]));
        if (kv.Key === undefined) return fail(`\nError parsing parameter '--tags': Expected: '=', received: 'EOF' for input:\n${w}`, 252);
        tags.push({ Key: kv.Key, ...(kv.Value !== undefined ? { Value: kv.Value } : {}) });
      }
    }
  }
  const missing = [...(resources.length ? [] : ['--resources']), ...(tags.length || operation === 'delete-tags' ? [] : ['--tags'])];
  if (missing.length) return fail(`usage: aws [options] <command> <subcommand> [<subcommand> ...] [parameters]\nTo see help text, you can run:\n\n  aws help\n  aws <command> help\n  aws <command> <subcommand> help\n\naws: error: the following arguments are required: ${missing.join(', ')}`, 252);
  const api = operation === 'create-tags' ? 'CreateTags' : 'DeleteTags';
  const subnets = resources.map((id) => cluster.vpc.subnets.find((sn) => sn.id === id));
  const bad = resources.find((id, i) => !subnets[i]);
  if (bad !== undefined) {
    return /^subnet-[0-9a-f]{8,17}$/.test(bad)
      ? fail(`\nAn error occurred (InvalidSubnetID.NotFound) when calling the ${api} operation: The subnet ID '${bad}' does not exist`, 254)
      : fail(`\nAn error occurred (InvalidID) when calling the ${api} operation: The ID '${bad}' is not valid`, 254);
  }
  for (const sn of subnets) writeSubnetTags(cluster.vpc, sn!, operation === 'create-tags' ? 'create' : 'delete', tags);
  return { stdout: '', stderr: '', exitCode: 0 };
}
