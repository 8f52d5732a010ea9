#!/bin/sh
# Every compose style of starting conlink runs /app/conlink with the rest of the line:
#   command: --compose-file F ...                        (the first word is an option)
#   command: /app/conlink --compose-file F ...
#   command: /app/build/conlink.js --compose-file F ...  (the original's path: its compose files work unchanged)
# Any other command runs as given (sh, iptables -S, cp /utils/wait /out/, ...).
case "${1:-}" in
  -*) exec /app/conlink "$@" ;;
  /app/conlink | /app/build/conlink.js) shift; exec /app/conlink "$@" ;;
  *) exec "$@" ;;
esac
