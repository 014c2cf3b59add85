#!/bin/sh
# Prepares the hub's jar for a fast start: unpacks it (a jar inside a jar loads its classes slowly) and records a
# class-data archive of a start (JDK class-data sharing), so that a hub started from the result reads its classes
# from one mapped file. Run from the directory that holds routes/ and mappings/; the image and the benchmark use it.
#   bin/prepare-hub.sh <mes-erp-hub jar> <destination> [jvm options file, default jvm.options]
# Then: java @jvm.options -XX:SharedArchiveFile=<destination>/hub.jsa -jar <destination>/app/mes-erp-hub.jar
# The archive belongs to the JDK that made it: a different JDK ignores it (with a warning) and starts as usual.
# The image unpacks the jar itself, in Spring Boot's layers (docker/Dockerfile), and records the archive only:
#   bin/prepare-hub.sh --archive-only <destination holding app/mes-erp-hub.jar> [jvm options file]
set -eu
if [ "$1" = --archive-only ]; then
    dest="$2"
    options="${3:-jvm.options}"
else
    jar="$1"
    dest="$2"
    options="${3:-jvm.options}"
    rm -rf "$dest"
    mkdir -p "$dest"
    java -Djarmode=tools -jar "$jar" extract --destination "$dest/app"
    if [ "$(basename "$jar")" != mes-erp-hub.jar ]; then
        mv "$dest/app/$(basename "$jar")" "$dest/app/mes-erp-hub.jar"
    fi
fi
train="$dest/training-data"
# The training start: the embedded default up to a refreshed context (no route, consumer or port is started), then exit.
java @"$options" -XX:ArchiveClassesAtExit="$dest/hub.jsa" -Xlog:cds=error -Dspring.context.exit=onRefresh \
    -jar "$dest/app/mes-erp-hub.jar" --spring.profiles.active=embedded --hub.data-dir="$train" \
    --hub.channels.acceptor= --server.port=0 > "$dest/training.log" 2>&1
rm -rf "$train"
test -s "$dest/hub.jsa"
