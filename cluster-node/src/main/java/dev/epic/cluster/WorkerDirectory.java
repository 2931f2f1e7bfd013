package dev.epic.cluster;

import java.util.HashSet;
import java.util.Set;
import org.apache.pekko.actor.Address;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.Extension;
import org.apache.pekko.actor.typed.ExtensionId;
import org.apache.pekko.actor.typed.Props;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.receptionist.Receptionist;
import org.apache.pekko.cluster.Member;
import org.apache.pekko.cluster.MemberStatus;
import org.apache.pekko.cluster.typed.Cluster;

/**
 * The worker nodes a member can place work on: Up members with the {@code worker} role whose
 * {@link NodeSupervisor} this member's receptionist lists. The receptionist's view is gossiped after the
 * membership, so a worker is Up a moment before a job placement could send it anything; counting only listed
 * ones makes "ready with N workers" mean a job submitted now is spread over N.
 */
public final class WorkerDirectory implements Extension {
    private static final ExtensionId<WorkerDirectory> ID = new ExtensionId<>() {
        @Override
        public WorkerDirectory createExtension(ActorSystem<?> system) {
            return new WorkerDirectory(system);
        }
    };

    private final ActorSystem<?> system;
    private volatile Set<Address> listed = Set.of();

    private WorkerDirectory(ActorSystem<?> system) {
        this.system = system;
        system.systemActorOf(Behaviors.<Receptionist.Listing>setup(ctx -> {
            ctx.getSystem().receptionist().tell(Receptionist.subscribe(NodeSupervisor.KEY, ctx.getSelf()));
            return Behaviors.receiveMessage(l -> {
                Set<Address> now = new HashSet<>();
                for (ActorRef<NodeSupervisor.Command> n : l.getServiceInstances(NodeSupervisor.KEY)) {
                    now.add(addressOf(n));
                }
                listed = Set.copyOf(now);
                return Behaviors.same();
            });
        }), "epic-worker-directory", Props.empty());
    }

    /** The member's directory, subscribing to the receptionist on first use. */
    public static WorkerDirectory get(ActorSystem<?> system) {
        return ID.apply(system);
    }

    /** How many workers are Up and listed, as this member sees it now. */
    public long workersUp() {
        Set<Address> current = listed;
        long n = 0;
        for (Member m : Cluster.get(system).state().getMembers()) {
            if (m.status() == MemberStatus.up() && m.hasRole(ClusterNode.WORKER) && current.contains(m.address())) {
                n++;
            }
        }
        return n;
    }

    private Address addressOf(ActorRef<?> ref) {
        Address a = ref.path().address();
        // A local actor's path has no host: it is this member's own supervisor.
        return a.hasLocalScope() ? Cluster.get(system).selfMember().address() : a;
    }
}
