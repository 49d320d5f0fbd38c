// The controller installed as the seed lab installs it: the IAM policy from the controller's v2.4.7 docs, the IRSA
// service account eksctl makes, the Helm chart using it, then half a minute for its pods. Every lab that needs the
// controller starts from these lines (the load-balancer quiz, the NLB widget, the cheat sheet, the bench, tests).
export const LB_CONTROLLER_INSTALL = [
  'curl -s -o iam_policy.json https://raw.githubusercontent.com/kubernetes-sigs/aws-load-balancer-controller/v2.4.7/docs/install/iam_policy.json',
  'aws iam create-policy --policy-name AWSLoadBalancerControllerIAMPolicy --policy-document file://iam_policy.json',
  'eksctl create iamserviceaccount --cluster=$CLUSTER_NAME --namespace=kube-system --name=aws-load-balancer-controller --attach-policy-arn=arn:aws:iam::$ACCOUNT_ID:policy/AWSLoadBalancerControllerIAMPolicy --override-existing-serviceaccounts --approve',
  'helm repo add eks https://aws.github.io/eks-charts',
  'helm install aws-load-balancer-controller eks/aws-load-balancer-controller -n kube-system --set clusterName=$CLUSTER_NAME --set serviceAccount.create=false --set serviceAccount.name=aws-load-balancer-controller',
  'sleep 30',
] as const;
