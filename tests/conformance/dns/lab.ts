// The lab both sides of the DNS differential test build: a Service to look up and netshoot pods to ask from.
export const LAB_COMMANDS = [
  'kubectl apply -f netshoot-pod.yaml',
  'kubectl apply -f nginx-dp.yaml',
  'sleep 60',
  'kubectl expose deployment nginx-deployment --port=80',
];
