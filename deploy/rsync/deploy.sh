#!/bin/sh
# Copies a built bantin site to the ward's own server and reloads nginx.
#
#   DEPLOY_HOST=deploy@may-chu.phuong.gov.vn DEPLOY_PATH=/srv/bantin/www sh deploy/rsync/deploy.sh
#
# DEPLOY_PATH    folder nginx serves the site from: its `root` plus the site's base path
#                (root /srv/bantin/www and baseUrl https://x.gov.vn/phuong-x/ → /srv/bantin/www/phuong-x).
# DEPLOY_HOST    user@host to copy to over SSH; empty: DEPLOY_PATH is a folder on this machine.
# DEPLOY_SOURCE  the built site (default: dist).
# DEPLOY_METHOD  rsync (default: sends only what changed) or scp (when the server has no rsync).
# DEPLOY_SSH_OPTS  extra ssh options, e.g. "-o Port=2222 -i ~/.ssh/bantin_deploy".
# DEPLOY_RELOAD  command run on the server afterwards (default: check nginx's config, then reload it;
#                the redirects live in the nginx snippet and change with the content). Empty: none.
set -eu

SOURCE=${DEPLOY_SOURCE:-dist}
METHOD=${DEPLOY_METHOD:-rsync}
HOST=${DEPLOY_HOST:-}
SSH_OPTS=${DEPLOY_SSH_OPTS:-}
RELOAD=${DEPLOY_RELOAD-sudo nginx -t -q && sudo systemctl reload nginx}
: "${DEPLOY_PATH:?set DEPLOY_PATH to the folder nginx serves the site from, e.g. /srv/bantin/www}"
TARGET=${DEPLOY_PATH%/}

fail() {
  echo "deploy: $*" >&2
  exit 1
}
[ -f "$SOURCE/_bantin/nginx.conf" ] || fail "$SOURCE is not a bantin build (no _bantin/nginx.conf); run \`npx bantin build\` first"
case $TARGET in
  "" | *\'*) fail "DEPLOY_PATH must be a folder path without quotes, not \"$DEPLOY_PATH\"" ;;
esac

# Runs a shell command on the server (or here, without DEPLOY_HOST).
on_server() {
  if [ -n "$HOST" ]; then
    # shellcheck disable=SC2086 # SSH_OPTS holds several options
    ssh $SSH_OPTS "$HOST" "$1"
  else
    sh -c "$1"
  fi
}

case $METHOD in
  rsync)
    on_server "mkdir -p '$TARGET'"
    # New and changed files land together at the end (--delay-updates); files gone from the build are
    # deleted last (--delete-delay), so a visitor never meets a page whose stylesheet is not there yet.
    if [ -n "$HOST" ]; then
      rsync -rlptz --delete-delay --delay-updates -e "ssh $SSH_OPTS" "$SOURCE/" "$HOST:$TARGET/"
    else
      rsync -rlpt --delete-delay --delay-updates "$SOURCE/" "$TARGET/"
    fi
    ;;
  scp)
    # Copy beside the live folder, then swap the two with renames.
    on_server "rm -rf '$TARGET.new' '$TARGET.old' && mkdir -p '$TARGET.new'"
    if [ -n "$HOST" ]; then
      # shellcheck disable=SC2086
      scp -rpq $SSH_OPTS "$SOURCE/." "$HOST:$TARGET.new/"
    else
      cp -Rp "$SOURCE/." "$TARGET.new/"
    fi
    on_server "if [ -d '$TARGET' ]; then mv '$TARGET' '$TARGET.old'; fi && mv '$TARGET.new' '$TARGET' && rm -rf '$TARGET.old'"
    ;;
  *) fail "DEPLOY_METHOD must be rsync or scp, not \"$METHOD\"" ;;
esac
echo "deploy: $SOURCE copied to ${HOST:+$HOST:}$TARGET with $METHOD"

if [ -n "$RELOAD" ]; then
  on_server "$RELOAD"
  echo "deploy: ran \`$RELOAD\`"
fi
