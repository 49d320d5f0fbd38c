// The installation pitfalls the lessons reproduce, each with the error the real components print: the chart before
// its service account (the ServiceAccount admission plugin), pods that predate IRSA's annotation (the pod identity
// webhook only acts at pod creation), a role whose trust policy names another service account, and public subnets
// without the kubernetes.io/role/elb tag the controller discovers them by.
import { describe, expect, it } from 'vitest';
import { labEngine } from '../../shell/engine-helpers.ts';

const POLICY = [
  'curl -s -o iam_policy.json https://raw.githubusercontent.com/kubernetes-sigs/aws-load-balancer-controller/v2.4.7/docs/install/iam_policy.json',
  'aws iam create-policy --policy-name AWSLoadBalancerControllerIAMPolicy --policy-document file://iam_policy.json > /dev/null',
];
const irsa = (ns = 'kube-system') => `eksctl create iamserviceaccount --cluster=$CLUSTER_NAME --namespace=${ns} --name=aws-load-balancer-controller --attach-policy-arn=arn:aws:iam::$ACCOUNT_ID:policy/AWSLoadBalancerControllerIAMPolicy --override-existing-serviceaccounts --approve > /dev/null 2>&1`;
const HELM = 'helm install aws-load-balancer-controller eks/aws-load-balancer-controller -n kube-system --set clusterName=$CLUSTER_NAME --set serviceAccount.create=false --set serviceAccount.name=aws-load-balancer-controller > /dev/null';
const HELM_DEFAULT_SA = 'helm install aws-load-balancer-controller eks/aws-load-balancer-controller -n kube-system --set clusterName=$CLUSTER_NAME > /dev/null';

function lab(lines: string[]) {
  const e = labEngine();
  for (const l of [...POLICY, 'helm repo add eks https://aws.github.io/eks-charts > /dev/null', ...lines]) e.sh(l);
  return e;
}
const failedBuild = (e: ReturnType<typeof lab>) => e.session.cluster.recorder.about('Service', 'default', 'svc-nlb-ip-type').filter((x) => x.reason === 'FailedBuildModel').pop()?.message;

describe('installation pitfalls', () => {
  it('the chart before its service account: no pod can be created until eksctl makes it, then IRSA works', () => {
    const e = lab([HELM, 'sleep 30']);
    expect(e.sh('kubectl get deploy -n kube-system aws-load-balancer-controller --no-headers')).toMatch(/^aws-load-balancer-controller\s+0\/2\s+0\s+0\s/);
    expect(e.session.cluster.recorder.all('kube-system').find((x) => x.reason === 'FailedCreate')?.message).toMatch(
      /^Error creating: pods "aws-load-balancer-controller-[a-z0-9]+-" is forbidden: error looking up service account kube-system\/aws-load-balancer-controller: serviceaccount "aws-load-balancer-controller" not found$/);
    e.sh(irsa());
    e.sh('sleep 60');
    expect(e.sh('kubectl get deploy -n kube-system aws-load-balancer-controller --no-headers')).toMatch(/\s2\/2\s/);
    e.sh('kubectl apply -f echo-service-nlb.yaml');
    e.sh('sleep 5');
    expect(e.sh('kubectl get svc svc-nlb-ip-type -o jsonpath={.status.loadBalancer.ingress[0].hostname}')).toMatch(/\.elb\.ap-northeast-2\.amazonaws\.com$/);
  });

  it('pods started before the role annotation keep the node role until they are restarted', () => {
    const e = lab([HELM_DEFAULT_SA, 'sleep 30', irsa(), 'kubectl apply -f echo-service-nlb.yaml', 'sleep 5']);
    expect(failedBuild(e)).toMatch(/^Failed build model due to AccessDenied: User: arn:aws:sts::123456789012:assumed-role\/eksctl-myeks-nodegroup-ng1-NodeInstanceRole\/i-[0-9a-f]{17} is not authorized to perform: elasticloadbalancing:DescribeLoadBalancers because no identity-based policy allows the elasticloadbalancing:DescribeLoadBalancers action\n\tstatus code: 403, request id: [0-9a-f-]{36}$/);
    expect(e.sh('kubectl get svc svc-nlb-ip-type --no-headers')).toContain('<pending>');
    e.sh('kubectl rollout restart deploy -n kube-system aws-load-balancer-controller');
    e.sh('sleep 60');
    expect(e.sh('kubectl get svc svc-nlb-ip-type --no-headers')).not.toContain('<pending>');
  });

  it('a role whose trust policy names another namespace: AssumeRoleWithWebIdentity is refused', () => {
    const e = lab([
      irsa('default'),
      `ROLE=$(kubectl get sa -n default aws-load-balancer-controller -o jsonpath='{.metadata.annotations.eks\\.amazonaws\\.com/role-arn}')`,
      'kubectl create sa aws-load-balancer-controller -n kube-system',
      'kubectl annotate sa -n kube-system aws-load-balancer-controller eks.amazonaws.com/role-arn=$ROLE',
      HELM, 'sleep 30', 'kubectl apply -f echo-service-nlb.yaml', 'sleep 5',
    ]);
    expect(e.sh('echo $ROLE')).toMatch(/^arn:aws:iam::123456789012:role\/eksctl-myeks-addon-iamserviceaccount-default-Role1-[A-Z0-9]+\n$/);
    expect(failedBuild(e)).toMatch(/^Failed build model due to WebIdentityErr: failed to retrieve credentials\ncaused by: AccessDenied: Not authorized to perform sts:AssumeRoleWithWebIdentity\n\tstatus code: 403, request id: [0-9a-f-]{36}$/);
    // The role's trust policy says why: its :sub condition names the default namespace's service account, and
    // the role has never been used.
    const role = (q: string) => e.sh(`aws iam get-role --role-name \${ROLE##*/} --query '${q}' --output text`).trim();
    expect(role('Role.AssumeRolePolicyDocument.Statement[0].Action')).toBe('sts:AssumeRoleWithWebIdentity');
    expect(e.sh(`aws iam get-role --role-name \${ROLE##*/} --output json | grep ':sub'`).trim()).toMatch(/^"oidc\.eks\.ap-northeast-2\.amazonaws\.com\/id\/[0-9A-F]{32}:sub": "system:serviceaccount:default:aws-load-balancer-controller"$/);
    expect(role('Role.Tags[?Key==`alpha.eksctl.io/iamserviceaccount-name`].Value')).toBe('default/aws-load-balancer-controller');
    expect(e.sh(`aws iam get-role --role-name \${ROLE##*/} --query Role.RoleLastUsed --output json`)).toBe('{}\n');
    expect(e.sh('aws iam list-attached-role-policies --role-name ${ROLE##*/} --query AttachedPolicies[].PolicyName --output text')).toBe('AWSLoadBalancerControllerIAMPolicy\n');
    expect(e.shell.run('aws iam get-role --role-name nope')).toMatchObject({ output: '\nAn error occurred (NoSuchEntity) when calling the GetRole operation: The role with name nope cannot be found.\n', exitCode: 254 });
  });

  it('a role the controller uses shows when it was last used', () => {
    const e = lab([irsa(), HELM, 'sleep 30', 'kubectl apply -f echo-service-nlb.yaml', 'sleep 5']);
    const name = e.sh("kubectl get sa -n kube-system aws-load-balancer-controller -o jsonpath='{.metadata.annotations.eks\\.amazonaws\\.com/role-arn}' | cut -d/ -f2").trim();
    expect(e.sh(`aws iam get-role --role-name ${name} --query Role.RoleLastUsed --output json`)).toMatch(/^\{\n    "LastUsedDate": "2023-05-05T\d\d:\d\d:\d\d\+00:00",\n    "Region": "ap-northeast-2"\n\}\n$/);
  });

  it('public subnets without kubernetes.io/role/elb: no subnet to discover until the tag is back', () => {
    const e = lab([irsa(), HELM, 'sleep 30']);
    const tagged = e.sh(`aws ec2 describe-subnets --filters Name=tag-key,Values=kubernetes.io/role/elb --query 'Subnets[].SubnetId' --output text`).trim();
    expect(tagged.split('\t')).toHaveLength(3);
    expect(e.sh(`aws ec2 delete-tags --resources ${tagged.split('\t').join(' ')} --tags Key=kubernetes.io/role/elb`)).toBe('');
    expect(e.sh(`aws ec2 describe-subnets --filters Name=tag-key,Values=kubernetes.io/role/elb --query 'Subnets[].SubnetId' --output text`)).toBe('');
    e.sh('kubectl apply -f echo-service-nlb.yaml');
    e.sh('sleep 5');
    expect(failedBuild(e)).toBe("Failed build model due to couldn't auto-discover subnets: unable to discover at least one subnet");
    expect(e.sh(`aws ec2 create-tags --resources ${tagged.split('\t').join(' ')} --tags Key=kubernetes.io/role/elb,Value=1`)).toBe('');
    e.sh('sleep 5');
    expect(e.sh('kubectl get svc svc-nlb-ip-type --no-headers')).not.toContain('<pending>');
    expect(e.sh('aws ec2 create-tags --resources subnet-0123456789abcdef0 --tags Key=a,Value=b 2>&1')).toBe("\nAn error occurred (InvalidSubnetID.NotFound) when calling the CreateTags operation: The subnet ID 'subnet-0123456789abcdef0' does not exist\n");
  });

  it('scheme internal unless annotated: private addresses in DNS', () => {
    const e = lab([irsa(), HELM, 'sleep 30', `sed '/aws-load-balancer-scheme/d' echo-service-nlb.yaml | kubectl apply -f -`, 'sleep 240']);
    expect(e.sh(`aws elbv2 describe-load-balancers --query 'LoadBalancers[0].Scheme' --output text`)).toBe('internal\n');
    const addrs = e.sh('dig +short $(kubectl get svc svc-nlb-ip-type -o jsonpath={.status.loadBalancer.ingress[0].hostname})').trim().split('\n');
    expect(addrs.length).toBeGreaterThan(0);
    for (const a of addrs) expect(a).toMatch(/^192\.168\.1[123]\.\d+$/);
  });
});
