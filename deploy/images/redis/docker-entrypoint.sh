#!/bin/sh
# docker-entrypoint.sh of shop-local/redis: the official redis image's entrypoint, for
# Debian's redis-server:
#   - a first argument that is a flag (`--save '' ...`, as deploy/k8s passes) or a
#     *.conf file gets `redis-server` put in front;
#   - `redis-server` started as root chowns the working directory /data to redis and
#     re-runs itself as redis (uid 999, gosu); as another uid it goes on as that uid;
#   - umask 0077 when the umask is the default 0022;
#   - protected mode off unless asked for: the official image compiles Redis with
#     protected-mode defaulting to no, so that other containers can connect; Debian's
#     binary defaults to yes, so `--protected-mode no` is appended unless the
#     arguments or the given config file set protected-mode themselves.
set -e

if [ "${1#-}" != "$1" ] || [ "${1%.conf}" != "$1" ]; then
  set -- redis-server "$@"
fi

if [ "$1" = redis-server ] && [ "$(id -u)" = 0 ]; then
  find . \! -user redis -exec chown redis '{}' +
  exec gosu redis "$0" "$@"
fi

if [ "$1" = redis-server ]; then
  protected_mode_set=""
  case "${2:-}" in
    # redis-server -v / --help / --test-memory ... : nothing to add
    -v | --version | -h | --help | --test-memory | --check-system) protected_mode_set=1 ;;
  esac
  for arg in "$@"; do
    case "${arg}" in --protected-mode) protected_mode_set=1 ;; esac
  done
  if [ -n "${2:-}" ] && [ "${2#-}" = "$2" ] && [ -f "$2" ] && grep -Eqi '^[[:space:]]*protected-mode[[:space:]]' "$2"; then
    protected_mode_set=1
  fi
  if [ -z "${protected_mode_set}" ]; then
    # last, so it follows a config file argument; nothing else sets it
    set -- "$@" --protected-mode no
  fi
fi

um="$(umask)"
if [ "${um}" = '0022' ]; then
  umask 0077
fi

exec "$@"
