#!/bin/sh
# deb postrm for Renkei: stop and remove the tunnel service. On purge also the device's WireGuard
# key and configuration (the device would have to be enrolled again).
set -e
case "$1" in
  remove|purge)
    if [ -d /run/systemd/system ]; then
      systemctl disable --now renkei-tunnel.service >/dev/null 2>&1 || true
    fi
    rm -f /etc/systemd/system/renkei-tunnel.service
    [ -d /run/systemd/system ] && systemctl daemon-reload || true
    ;;
esac
if [ "$1" = purge ]; then
  rm -rf /var/lib/renkei-tunnel
fi
