#!/bin/sh
# Both compose styles work: `command: /app/conlink --compose-file F` and `command: --compose-file F`.
case "${1:-}" in
  -*) exec /app/conlink "$@" ;;
  *) exec "$@" ;;
esac
