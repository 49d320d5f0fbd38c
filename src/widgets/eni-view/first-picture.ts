// The ENI view's first picture: the lab's cluster as it starts (widgets/shared/first-picture.ts).
import { Cluster } from '../../model/cluster/cluster.ts';
import { clusterView, type ClusterView } from '../../model/views/eni-view.ts';

export function eniViewFirstPicture(): ClusterView {
  return clusterView(new Cluster());
}
