# Sourced by the other scripts: exports JAVA_HOME pointing at a JDK >= 21.
# Order: $JAVA_HOME if it is new enough, then `java` on PATH, then every JDK under /usr/lib/jvm
# and /opt (newest first). Fails with a clear message when none is found.
hisam_java_major() {
  "$1/bin/java" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java.specification.version = //p' | head -n 1
}
hisam_find_jdk() {
  local cands=()
  [ -n "${JAVA_HOME:-}" ] && cands+=("$JAVA_HOME")
  if command -v javac >/dev/null 2>&1; then
    cands+=("$(dirname "$(dirname "$(readlink -f "$(command -v javac)")")")")
  fi
  local d
  for d in $(ls -d /usr/lib/jvm/*/ /opt/*jdk*/ /opt/java/*/ 2>/dev/null | sort -rV); do cands+=("${d%/}"); done
  for d in "${cands[@]}"; do
    if [ -x "$d/bin/java" ] && [ -x "$d/bin/javac" ]; then
      local v; v=$(hisam_java_major "$d")
      if [ -n "$v" ] && [ "${v%%.*}" -ge 21 ] 2>/dev/null; then echo "$d"; return 0; fi
    fi
  done
  return 1
}
if ! HISAM_JDK=$(hisam_find_jdk); then
  echo "error: Hi-SAM needs a JDK 21 or newer; none found in JAVA_HOME, PATH, /usr/lib/jvm or /opt." >&2
  echo "       Install one (e.g. Temurin 25) or set JAVA_HOME to it." >&2
  return 1 2>/dev/null || exit 1
fi
export JAVA_HOME="$HISAM_JDK"
export PATH="$JAVA_HOME/bin:$PATH"
