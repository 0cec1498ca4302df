#!/usr/bin/env bash
# Fetch MBROLA and its Korean voice hn1 (Debian packages mbrola, contrib, and mbrola-hn1, non-free) into
# DEST without root and without touching the machine's own package sources: apt-get reads a temporary
# sources list (the mirror and suite the machine's own sources name) and keeps its lists in a temporary
# folder; dpkg -x unpacks the packages. Never fatal: without MBROLA, training uses espeak-ng alone.
set -u
DEST=${1:?usage: install_mbrola.sh DEST}
[ -x "$DEST/usr/bin/mbrola" ] && [ -f "$DEST/usr/share/mbrola/hn1/hn1" ] && exit 0
why() { echo "MBROLA not installed ($1); synthetic training speech will come from espeak-ng alone."; exit 0; }
command -v apt-get >/dev/null && command -v dpkg >/dev/null || why "needs apt-get and dpkg (Debian or Ubuntu)"

# The machine's mirror and suite: deb822 .sources files first, then the one-line format.
mirror="" suite=""
for f in /etc/apt/sources.list.d/*.sources; do
  [ -f "$f" ] || continue
  read -r mirror suite < <(awk '/^URIs:/{u=$2} /^Suites:/{s=$2} /^$/{if(u!="" && s!~/security/){print u, s; exit} u=""; s=""}
                                END{if(u!="" && s!~/security/) print u, s}' "$f")
  [ -n "$mirror" ] && break
done
if [ -z "$mirror" ] && [ -f /etc/apt/sources.list ]; then
  read -r mirror suite < <(awk '$1=="deb" && $0!~/security/ {for(i=2;i<=NF;i++) if($i!~/^\[/ && $i!~/\]$/){print $i, $(i+1); exit}}' /etc/apt/sources.list)
fi
[ -n "$mirror" ] && [ -n "$suite" ] || why "no Debian mirror found in /etc/apt/sources.list(.d)"
suite=${suite%%-*}  # bookworm-updates -> bookworm

tmp=$(mktemp -d) && trap 'rm -rf "$tmp"' EXIT
mkdir -p "$tmp/lists/partial" "$tmp/cache/archives/partial" "$tmp/debs"
keyring=/usr/share/keyrings/debian-archive-keyring.gpg
opt=""; [ -f "$keyring" ] && opt="[signed-by=$keyring] "
echo "deb ${opt}$mirror $suite contrib non-free" > "$tmp/sources.list"
apt=(-o Dir::Etc::sourcelist="$tmp/sources.list" -o Dir::Etc::sourceparts=- -o Dir::State::Lists="$tmp/lists"
     -o Dir::Cache="$tmp/cache" -o Debug::NoLocking=1 -o APT::Sandbox::User="$(id -un)")
echo "Fetching mbrola and mbrola-hn1 from $mirror $suite (contrib, non-free) into $DEST"
apt-get "${apt[@]}" -qq update >"$tmp/log" 2>&1 || why "apt-get update failed: $(tail -n 2 "$tmp/log" | tr '\n' ' ')"
(cd "$tmp/debs" && apt-get "${apt[@]}" -qq download mbrola mbrola-hn1) >"$tmp/log" 2>&1 \
  || why "apt-get download failed: $(tail -n 2 "$tmp/log" | tr '\n' ' ')"
mkdir -p "$DEST.partial"
for deb in "$tmp"/debs/*.deb; do dpkg -x "$deb" "$DEST.partial" || why "dpkg -x $deb failed"; done
rm -rf "$DEST" && mv "$DEST.partial" "$DEST"
"$DEST/usr/bin/mbrola" -i "$DEST/usr/share/mbrola/hn1/hn1" >/dev/null 2>&1 || true
echo "MBROLA installed in $DEST (hn1: non-free; synthesise with MBROLA only, not for sale; nothing of it ships)."
