// A small, fixed internet outside the VPC: a few named hosts with their real addresses, and what they answer.
// Distances are fixed per host so that ping times and TTLs repeat from run to run. From the seed lab (ap-northeast-2):
// www.google.com is 142.250.198.4 (reverse name nrt12s58-in-f4.1e100.net), about 33 ms away, and its echo replies
// reach a pod with ttl=104.
import { type Ipv4, parseIpv4 } from './ipv4.ts';
import { LBC_IAM_POLICY_V2_4_7 } from '../lb-controller/iam-policy-v2.4.7.ts';

export interface InternetHost {
  name: string;
  ip: Ipv4;
  /** Its IPv6 address (an AAAA record), if it has one. */
  ipv6?: string;
  /** What ping prints for the reply's source when it was given a name (the reverse DNS record). */
  reverseName: string;
  /** Round trip from the region's internet gateway, in milliseconds. */
  rttMs: number;
  /** TTL its replies carry when they reach the VPC (the host's initial TTL less the routers on the way back). */
  ttlAtVpc: number;
  /** Routers on the way there (what traceroute would count). */
  hopsThere: number;
  /** TCP ports it serves, with its answer to an HTTP GET. */
  http?: (path: string, clientPublicIp: string) => { status: number; reason: string; body: string; headers: [string, string][] };
}

const addr = (s: string) => parseIpv4(s)!;

/** Files raw.githubusercontent.com serves the lab, by path (offline copies, with their sources). */
const RAW_GITHUB: Record<string, string> = {
  '/kubernetes-sigs/aws-load-balancer-controller/v2.4.7/docs/install/iam_policy.json': LBC_IAM_POLICY_V2_4_7,
};

export const INTERNET_HOSTS: readonly InternetHost[] = [
  {
    name: 'www.google.com', ip: addr('142.250.198.4'), ipv6: '2404:6800:400a:80b::2004', reverseName: 'nrt12s58-in-f4.1e100.net', rttMs: 32.99, ttlAtVpc: 105, hopsThere: 11,
    http: () => ({
      status: 200, reason: 'OK', headers: [['Content-Type', 'text/html; charset=ISO-8859-1'], ['Server', 'gws']],
      body: '<!doctype html><html itemscope="" itemtype="http://schema.org/WebPage" lang="ko"><head><title>Google</title></head><body></body></html>',
    }),
  },
  {
    // ipinfo.io/ip answers with the address the request came from, without a newline.
    name: 'ipinfo.io', ip: addr('34.117.59.81'), reverseName: '81.59.117.34.bc.googleusercontent.com', rttMs: 36.4, ttlAtVpc: 112, hopsThere: 12,
    http: (path, client) => path === '/ip'
      ? { status: 200, reason: 'OK', headers: [['content-type', 'text/plain; charset=utf-8']], body: client }
      : { status: 200, reason: 'OK', headers: [['content-type', 'application/json; charset=utf-8']], body: `{\n  "ip": "${client}",\n  "region": "Seoul",\n  "country": "KR"\n}` },
  },
  {
    // GitHub's raw file host (Fastly): the files the lab downloads; anything else is GitHub's plain 404.
    name: 'raw.githubusercontent.com', ip: addr('185.199.108.133'), reverseName: 'cdn-185-199-108-133.github.com', rttMs: 33.7, ttlAtVpc: 56, hopsThere: 10,
    http: (path) => (RAW_GITHUB[path] !== undefined
      ? { status: 200, reason: 'OK', headers: [['Content-Type', 'text/plain; charset=utf-8']], body: RAW_GITHUB[path] }
      : { status: 404, reason: 'Not Found', headers: [['Content-Type', 'text/plain; charset=utf-8']], body: '404: Not Found' }),
  },
  {
    name: 'checkip.amazonaws.com', ip: addr('52.79.164.175'), reverseName: 'ec2-52-79-164-175.ap-northeast-2.compute.amazonaws.com', rttMs: 1.9, ttlAtVpc: 243, hopsThere: 4,
    http: (_path, client) => ({ status: 200, reason: 'OK', headers: [['Content-Type', 'text/plain;charset=UTF-8']], body: `${client}\n` }),
  },
];

export function internetHostByName(name: string): InternetHost | undefined {
  const n = name.replace(/\.$/, '').toLowerCase();
  return INTERNET_HOSTS.find((h) => h.name === n);
}

export function internetHostByIp(ip: Ipv4): InternetHost | undefined {
  return INTERNET_HOSTS.find((h) => h.ip === ip);
}
