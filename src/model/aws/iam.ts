// IAM as the seed's commands use it: customer managed policies (`aws iam create-policy`) and the roles
// eksctl's CloudFormation stacks make for IRSA, with their trust policy (which OIDC provider, which
// service account may assume them) and attached policies.
import type { Rng } from '../rng.ts';
import { ACCOUNT_ID } from './ec2-api.ts';

export interface IamPolicy {
  name: string;
  id: string;
  arn: string;
  document: string;
  createdAt: number;
  attachments: number;
}

export interface IamRole {
  name: string;
  id: string;
  arn: string;
  /** The trust policy's federated principal (the cluster's OIDC issuer, without https://) and its `:sub` condition. */
  trust: { issuer: string; sub: string };
  policyArns: string[];
  createdAt: number;
  /** The tags eksctl's stack puts on it, in the order IAM lists them. */
  tags: { Key: string; Value: string }[];
  /** When a pod last assumed it (RoleLastUsed). */
  lastUsedAt?: number;
}

const UPPER_ALNUM = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789';

/** IAM's unique IDs: a four-letter type prefix (ANPA a policy, AROA a role) and 17 upper-case letters or digits. */
export function iamUniqueId(rng: Rng, prefix: 'ANPA' | 'AROA'): string {
  let s = prefix;
  for (let i = 0; i < 17; i++) s += UPPER_ALNUM[rng.int(UPPER_ALNUM.length)];
  return s;
}

export class IamError extends Error {
  readonly code: string;

  constructor(code: string, message: string) {
    super(message);
    this.code = code;
  }
}

export class Iam {
  readonly policies = new Map<string, IamPolicy>();
  readonly roles = new Map<string, IamRole>();

  private readonly rng: Rng;

  constructor(rng: Rng) {
    this.rng = rng;
  }

  createPolicy(name: string, document: string, now: number): IamPolicy {
    const arn = `arn:aws:iam::${ACCOUNT_ID}:policy/${name}`;
    if (this.policies.has(arn)) throw new IamError('EntityAlreadyExists', `A policy called ${name} already exists. Duplicate names are not allowed.`);
    try {
      JSON.parse(document);
    } catch {
      throw new IamError('MalformedPolicyDocument', 'Syntax errors in policy.');
    }
    const policy: IamPolicy = { name, id: iamUniqueId(this.rng, 'ANPA'), arn, document, createdAt: now, attachments: 0 };
    this.policies.set(arn, policy);
    return policy;
  }

  createRole(name: string, trust: IamRole['trust'], policyArns: string[], now: number, tags: IamRole['tags'] = []): IamRole {
    const role: IamRole = { name, id: iamUniqueId(this.rng, 'AROA'), arn: `arn:aws:iam::${ACCOUNT_ID}:role/${name}`, trust, policyArns, createdAt: now, tags };
    this.roles.set(name, role);
    for (const arn of policyArns) {
      const p = this.policies.get(arn);
      if (p) p.attachments++;
    }
    return role;
  }

  roleByArn(arn: string): IamRole | undefined {
    for (const r of this.roles.values()) if (r.arn === arn) return r;
    return undefined;
  }

  deleteRole(name: string): void {
    const role = this.roles.get(name);
    if (!role) return;
    for (const arn of role.policyArns) {
      const p = this.policies.get(arn);
      if (p) p.attachments--;
    }
    this.roles.delete(name);
  }
}

/** The IAM actions a policy document allows (Effect Allow, Action strings; wildcards as IAM matches them). */
export function policyAllows(documents: string[], action: string): boolean {
  for (const doc of documents) {
    let parsed: { Statement?: { Effect?: string; Action?: string | string[] }[] };
    try {
      parsed = JSON.parse(doc);
    } catch {
      continue;
    }
    for (const st of parsed.Statement ?? []) {
      if (st.Effect !== 'Allow') continue;
      const actions = Array.isArray(st.Action) ? st.Action : st.Action ? [st.Action] : [];
      for (const a of actions) {
        const re = new RegExp(`^${a.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.')}$`, 'i');
        if (re.test(action)) return true;
      }
    }
  }
  return false;
}
