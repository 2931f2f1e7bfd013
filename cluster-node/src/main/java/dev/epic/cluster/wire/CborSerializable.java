package dev.epic.cluster.wire;

/**
 * Marks a message or wire value that may cross nodes. Bound to Pekko's {@code jackson-cbor} serializer in
 * {@code epic-cluster.conf}; polymorphic types under it name their subtypes explicitly, never by class name.
 */
public interface CborSerializable {}
