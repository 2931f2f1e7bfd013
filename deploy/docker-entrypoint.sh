#!/bin/sh
# The image's `epic` command. For a bare `epic node` it fills in the options from the environment:
#   EPIC_HOST          address other members reach this one at (default: this host's fully qualified name)
#   EPIC_PORT          Artery port (default 25520)
#   EPIC_CLUSTER_JOIN  how the node finds the cluster: "seeds" (default) or "bootstrap" (Pekko Management
#                      Cluster Bootstrap, e.g. through the Kubernetes API; EPIC_SEEDS is then not used). Set the
#                      join method here, not only in the EPIC_CONFIG file: with seeds this script passes --seeds,
#                      which a node configured for bootstrap refuses (exit 2).
#   EPIC_SEEDS         with seeds: comma-separated seed addresses, pekko://epic@HOST:PORT (default: itself)
#   EPIC_ROLES         roles (default worker)
#   EPIC_MODEL_URL     the model server
#   EPIC_CONFIG        a HOCON file with more settings (--config)
# The bootstrap's own settings (EPIC_MANAGEMENT_HOST, EPIC_MANAGEMENT_PORT, EPIC_DISCOVERY_METHOD,
# EPIC_REQUIRED_CONTACT_POINTS) are read by its epic-bootstrap.conf; see docs/deploy.md.
set -e
if [ "$1" = "node" ] && [ "$#" -eq 1 ]; then
  host="${EPIC_HOST:-$(hostname -f)}"
  port="${EPIC_PORT:-25520}"
  if [ "${EPIC_CLUSTER_JOIN:-seeds}" = "seeds" ]; then
    set -- node --seeds "${EPIC_SEEDS:-pekko://epic@$host:$port}"
  else
    set -- node
  fi
  set -- "$@" --host "$host" --port "$port" --roles "${EPIC_ROLES:-worker}" \
    ${EPIC_MODEL_URL:+--model-url "$EPIC_MODEL_URL"} ${EPIC_CONFIG:+--config "$EPIC_CONFIG"}
fi
# boot/ (the cluster-bootstrap module's jar) comes first: Typesafe Config takes the first reference.conf on the
# class path that sets a key, and that module's turns off Pekko's mixed-version check (see docs/deploy.md).
exec java $JAVA_OPTS -cp "/opt/epic/boot/*:/opt/epic/lib/*" dev.epic.cli.Main "$@"
