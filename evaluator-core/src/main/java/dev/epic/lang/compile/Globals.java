package dev.epic.lang.compile;

import dev.epic.lang.value.Value;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Names bound outside any program: builtins, the prelude, external functions. Each has a slot. */
public final class Globals {
    private final Map<String, Integer> slots;
    private final List<Value> values;

    public Globals() {
        this(new HashMap<>(), new ArrayList<>());
    }

    private Globals(Map<String, Integer> slots, List<Value> values) {
        this.slots = slots;
        this.values = values;
    }

    public Globals copy() {
        return new Globals(new HashMap<>(slots), new ArrayList<>(values));
    }

    /** Binds {@code name}; a later definition of the same name replaces the earlier one. */
    public void define(String name, Value value) {
        Integer slot = slots.get(name);
        if (slot != null) {
            values.set(slot, value);
        } else {
            slots.put(name, values.size());
            values.add(value);
        }
    }

    public Integer slot(String name) {
        return slots.get(name);
    }

    public Value get(String name) {
        Integer s = slots.get(name);
        return s == null ? null : values.get(s);
    }

    public Set<String> names() {
        return slots.keySet();
    }

    Value[] toArray() {
        return values.toArray(new Value[0]);
    }
}
