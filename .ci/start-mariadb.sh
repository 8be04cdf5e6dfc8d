#!/usr/bin/env bash
# Installs (when missing) and starts a local MariaDB on 127.0.0.1:3306 for the MySQL-backed tests,
# and creates the test user. Idempotent: safe to run when MariaDB is already up.
#   user lakeward / password lakeward, allowed to create and drop databases named lakeward_*.
set -euo pipefail

if ! command -v mariadbd >/dev/null 2>&1 && [ ! -x /usr/sbin/mariadbd ]; then
  echo "[ci] installing mariadb-server"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq mariadb-server >/dev/null
fi

if ! mariadb -uroot -e 'select 1' >/dev/null 2>&1; then
  echo "[ci] starting mariadb on 127.0.0.1:3306"
  mkdir -p /run/mysqld && chown mysql:mysql /run/mysqld
  # The Debian package cannot start its service here (policy-rc.d), so start the daemon directly.
  start-stop-daemon --start --oknodo --background --exec /usr/sbin/mariadbd -- \
    --user=mysql --bind-address=127.0.0.1 --port=3306
  for _ in $(seq 1 60); do
    mariadb -uroot -e 'select 1' >/dev/null 2>&1 && break
    sleep 1
  done
  mariadb -uroot -e 'select 1' >/dev/null || { echo "[ci] mariadb did not start" >&2; exit 1; }
fi

mariadb -uroot <<'SQL'
CREATE USER IF NOT EXISTS 'lakeward'@'127.0.0.1' IDENTIFIED BY 'lakeward';
CREATE USER IF NOT EXISTS 'lakeward'@'localhost' IDENTIFIED BY 'lakeward';
GRANT ALL PRIVILEGES ON `lakeward\_%`.* TO 'lakeward'@'127.0.0.1';
GRANT ALL PRIVILEGES ON `lakeward\_%`.* TO 'lakeward'@'localhost';
FLUSH PRIVILEGES;
SQL
echo "[ci] mariadb ready: $(mariadb -uroot -N -e 'select version()')"
