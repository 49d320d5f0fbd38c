// Who answers HTTP where: the lab's images (nginx on 80, the echoserver on 8080) and the internet hosts. Answers
// are computed from the request and the server's own state (the echoserver prints its pod name and the address
// the request came from, as the seed's NLB test shows).
import type { Pod } from '../cluster/types.ts';
import { nginxAccessLine, writeLog } from '../k8s/container-logs.ts';
import { internetHostByIp } from './internet.ts';
import { formatIpv4, type Ipv4 } from './ipv4.ts';
import type { Endpoint } from './network.ts';

export interface HttpRequest {
  method: string;
  path: string;
  host: string;
  userAgent: string;
  /** Request headers besides Host, User-Agent and Accept (a proxy's X-Forwarded-For …), in the order sent. */
  headers?: [string, string][];
  /** The source address as the server sees it (after any NAT on the way). */
  client: Ipv4;
  clientPort: number;
  /** The server's own address and port as the client reached them. */
  server: Ipv4;
  serverPort: number;
  /** Model time, for Date headers. */
  at: number;
}

export interface HttpResponse {
  status: number;
  reason: string;
  headers: [string, string][];
  body: string;
  /** How long the server took beyond its own think time (a proxy waiting for its backend), in ms. */
  delayMs?: number;
}

export type HttpServer = (req: HttpRequest) => HttpResponse;

const httpDate = (at: number) => new Date(at).toUTCString();

// nginx's stock index.html (nginx:latest serves it from /usr/share/nginx/html).
const NGINX_INDEX = `<!DOCTYPE html>
<html>
<head>
<title>Welcome to nginx!</title>
<style>
html { color-scheme: light dark; }
body { width: 35em; margin: 0 auto;
font-family: Tahoma, Verdana, Arial, sans-serif; }
</style>
</head>
<body>
<h1>Welcome to nginx!</h1>
<p>If you see this page, the nginx web server is successfully installed and
working. Further configuration is required.</p>

<p>For online documentation and support please refer to
<a href="http://nginx.org/">nginx.org</a>.<br/>
Commercial support is available at
<a href="http://nginx.com/">nginx.com</a>.</p>

<p><em>Thank you for using nginx.</em></p>
</body>
</html>
`;

function nginx(req: HttpRequest): HttpResponse {
  const found = req.path === '/' || req.path === '/index.html';
  const body = found ? NGINX_INDEX : '<html>\r\n<head><title>404 Not Found</title></head>\r\n<body>\r\n<center><h1>404 Not Found</h1></center>\r\n<hr><center>nginx/1.25.5</center>\r\n</body>\r\n</html>\r\n';
  return {
    status: found ? 200 : 404, reason: found ? 'OK' : 'Not Found',
    headers: [['Server', 'nginx/1.25.5'], ['Date', httpDate(req.at)], ['Content-Type', 'text/html'], ['Content-Length', String(body.length)], ['Connection', 'keep-alive']],
    body,
  };
}

/** k8s.gcr.io/echoserver: describes the request it got, starting with the pod's host name. */
function echoserver(pod: Pod): HttpServer {
  return (req) => {
    const body = [
      '', '', `Hostname: ${pod.name}`, '', 'Pod Information:', '\t-no pod information available-', '', 'Server values:', '\tserver_version=nginx: 1.13.3 - lua: 10008', '',
      'Request Information:', `\tclient_address=${formatIpv4(req.client)}`, `\tmethod=${req.method}`, '\treal path=' + req.path, '\tquery=', '\trequest_version=1.1',
      `\trequest_scheme=http`, `\trequest_uri=http://${req.host}:8080${req.path}`, '', 'Request Headers:', ...requestHeaders(req).map(([k, v]) => `\t${k}=${v}`), '',
      'Request Body:', '\t-no body in request-', '', '',
    ].join('\n');
    return {
      status: 200, reason: 'OK',
      headers: [['Server', 'echoserver'], ['Date', httpDate(req.at)], ['Content-Type', 'text/plain'], ['Transfer-Encoding', 'chunked'], ['Connection', 'keep-alive']],
      body,
    };
  };
}

/** The echoserver's template lists ngx.req.get_headers(): names lowercased, sorted. */
function requestHeaders(req: HttpRequest): [string, string][] {
  const all: [string, string][] = [['accept', '*/*'], ['host', req.host], ['user-agent', req.userAgent], ...(req.headers ?? []).map(([k, v]): [string, string] => [k.toLowerCase(), v])];
  return all.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
}

/** nginx writes each request it answered to its access log (the container's stdout) once the response is out. */
function withAccessLog(pod: Pod, container: string, server: HttpServer): HttpServer {
  return (req) => {
    const res = server(req);
    const bytes = req.method === 'HEAD' ? 0 : res.body.length;
    const at = req.at + 0.25;
    writeLog(pod, container, at, nginxAccessLine(at, { client: formatIpv4(req.client), method: req.method, path: req.path, status: res.status, bytes, userAgent: req.userAgent }));
    return res;
  };
}

/** The HTTP server listening on `port` at this endpoint at time `at`, if any. */
export function httpServerAt(e: Endpoint, port: number, at = -Infinity): HttpServer | undefined {
  if (e.kind === 'pod') {
    // A terminating pod's server exits on SIGTERM (after any preStop hook); its kernel then resets connections.
    if (e.pod.phase === 'Terminating' && e.pod.stopsAt !== undefined && at >= e.pod.stopsAt) return undefined;
    for (const c of e.pod.template.containers) {
      const image = c.image.split('@')[0];
      if (/(^|\/)nginx(:|$)/.test(image) && port === 80) return withAccessLog(e.pod, c.name, nginx);
      if (/echoserver(:|$)/.test(image) && port === 8080) return echoserver(e.pod);
      if (c.ports.some((p) => p.containerPort === port) && /nginx/.test(image)) return withAccessLog(e.pod, c.name, nginx);
    }
    return undefined;
  }
  if (e.kind === 'internet' && (port === 80 || port === 443)) {
    const host = internetHostByIp(e.host.ip);
    if (!host?.http) return undefined;
    return (req) => {
      // Outside the VPC the client is whatever public address the packets came from.
      const r = host.http!(req.path, formatIpv4(req.client));
      return { status: r.status, reason: r.reason, headers: [['Date', httpDate(req.at)], ...r.headers, ['Content-Length', String(r.body.length)]], body: r.body };
    };
  }
  return undefined;
}
