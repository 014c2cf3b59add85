#!/bin/bash
# The image's health check: GET /actuator/health/readiness on the hub's own port (open to anonymous callers, status
# only) with bash's /dev/tcp, so that the image needs no HTTP client. Healthy when the answer says UP.
port="${SERVER_PORT:-8080}"
exec 3<>"/dev/tcp/127.0.0.1/${port}" || exit 1
printf 'GET /actuator/health/readiness HTTP/1.0\r\nHost: localhost\r\n\r\n' >&3
answer="$(timeout 4 cat <&3)"
case "$answer" in
  "HTTP/1."*" 200"*'"status":"UP"'*) exit 0 ;;
  *) exit 1 ;;
esac
