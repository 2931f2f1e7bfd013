package dev.epic.cluster;

import dev.epic.cluster.wire.CborSerializable;
import dev.epic.cluster.wire.WireGraph;

/** A completed external call of a job, by its key (function and arguments), and its value. */
public record KnownCall(String key, WireGraph value) implements CborSerializable {}
