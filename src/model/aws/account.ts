// The lab account's AWS services beyond EC2, one set per cluster: IAM, ELBv2 and the CloudFormation stacks eksctl
// made. Made on first use, each drawing from a random stream of its own (derived from the cluster's seed), so that
// using them moves no address or name elsewhere in the model.
import type { Cluster } from '../cluster/cluster.ts';
import { createRng } from '../rng.ts';
import { ElbV2 } from './elbv2.ts';
import { Iam } from './iam.ts';

export interface CfnStack {
  name: string;
  /** For an eksctl iamserviceaccount stack: the service account and the role it made. */
  serviceAccount?: { namespace: string; name: string; roleName: string };
  createdAt: number;
}

export interface AwsAccount {
  iam: Iam;
  elbv2: ElbV2;
  stacks: CfnStack[];
}

const accounts = new WeakMap<Cluster, AwsAccount>();

export function awsAccount(cluster: Cluster): AwsAccount {
  let a = accounts.get(cluster);
  if (!a) {
    const seed = String(cluster.eks.endpoint);
    a = {
      iam: new Iam(createRng(`${seed}/iam`)),
      elbv2: new ElbV2(createRng(`${seed}/elbv2`), cluster.region, () => cluster.now),
      stacks: [],
    };
    accounts.set(cluster, a);
  }
  return a;
}
