# Sourced by the other scripts: points JAVA_HOME at a JDK >= 21 (the project targets Java 21),
# picking one under /usr/lib/jvm when the default `java` is older.
java_major() { "$1" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java.specification.version = //p' | cut -d. -f1; }
if [ -n "${JAVA_HOME:-}" ] && [ -x "$JAVA_HOME/bin/java" ] && [ "$(java_major "$JAVA_HOME/bin/java")" -ge 21 ]; then
  :
elif command -v java >/dev/null && [ "$(java_major java)" -ge 21 ] 2>/dev/null; then
  JAVA_HOME="$(dirname "$(dirname "$(readlink -f "$(command -v java)")")")"
else
  JAVA_HOME=""
  for jdk in /usr/lib/jvm/*/; do
    if [ -x "$jdk/bin/javac" ] && [ "$(java_major "$jdk/bin/java")" -ge 21 ] 2>/dev/null; then JAVA_HOME="${jdk%/}"; break; fi
  done
  if [ -z "$JAVA_HOME" ]; then
    echo "Palmarès needs a JDK 21 or newer: install one (e.g. 'apt-get install openjdk-21-jdk' or Temurin 21) or set JAVA_HOME." >&2
    exit 1
  fi
fi
export JAVA_HOME
export PATH="$JAVA_HOME/bin:$PATH"
