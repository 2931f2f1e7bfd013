#!/bin/sh
# The image's `epic` command. For `epic node` without --host/--seeds it fills them in from the environment:
#   EPIC_HOST   address other members reach this one at (default: this host's fully qualified name)
#   EPIC_PORT   Artery port (default 25520)
#   EPIC_SEEDS  comma-separated seed addresses, pekko://epic@HOST:PORT
set -e
if [ "$1" = "node" ] && [ "$#" -eq 1 ]; then
  host="${EPIC_HOST:-$(hostname -f)}"
  port="${EPIC_PORT:-25520}"
  set -- node --host "$host" --port "$port" --seeds "${EPIC_SEEDS:-pekko://epic@$host:$port}" \
    --roles "${EPIC_ROLES:-worker}" ${EPIC_MODEL_URL:+--model-url "$EPIC_MODEL_URL"}
fi
exec java $JAVA_OPTS -cp "/opt/epic/lib/*" dev.epic.cli.Main "$@"
