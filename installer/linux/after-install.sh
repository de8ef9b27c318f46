#!/bin/sh
# deb postinst for Renkei: the group that may control the tunnel, and the tunnel service.
set -e
getent group renkei >/dev/null || addgroup --system renkei
# The administrator who installed the app (sudo dpkg -i / apt install) may use it at once; other
# staff accounts are added with: adduser <user> renkei
if [ -n "${SUDO_USER:-}" ] && [ "$SUDO_USER" != root ]; then
  adduser "$SUDO_USER" renkei >/dev/null 2>&1 || true
fi
install -m 0644 /opt/Renkei/resources/renkei-tunnel.service /etc/systemd/system/renkei-tunnel.service
mkdir -p /run/wireguard
if [ -d /run/systemd/system ]; then
  systemctl daemon-reload
  systemctl enable renkei-tunnel.service
  systemctl restart renkei-tunnel.service
fi
