package dev.epic.prob.infer;

import static org.assertj.core.api.Assertions.assertThat;

import dev.epic.prob.rand.RandomStream;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class EntryTableTest {
    /** Random writes to a family of tables and their copies agree with plain arrays copied whole. */
    @Test
    void copiesBehaveAsIndependentWholeCopies() {
        RandomStream r = new RandomStream(11, 0, 0);
        List<EntryTable> tables = new ArrayList<>();
        List<List<Object[]>> models = new ArrayList<>();
        tables.add(new EntryTable(2));
        models.add(new ArrayList<>());
        for (int round = 0; round < 20_000; round++) {
            int k = r.nextInt(tables.size());
            EntryTable t = tables.get(k);
            List<Object[]> m = models.get(k);
            int op = r.nextInt(10);
            if (op < 3 || m.isEmpty()) {
                int id = t.add();
                assertThat(id).isEqualTo(m.size());
                m.add(new Object[2]);
                Object v = "v" + round;
                t.set(id, 1, v);
                m.get(id)[1] = v;
            } else if (op < 8) {
                // Mostly recent ids, sometimes old ones (a long-lived parameter).
                int id = r.nextInt(4) == 0 ? r.nextInt(m.size()) : Math.max(0, m.size() - 1 - r.nextInt(20));
                int f = r.nextInt(2);
                Object v = "w" + round;
                t.set(id, f, v);
                m.get(id)[f] = v;
            } else if (op == 8 && tables.size() < 12) {
                tables.add(t.copy());
                List<Object[]> mc = new ArrayList<>();
                for (Object[] e : m) {
                    mc.add(e.clone());
                }
                models.add(mc);
            } else {
                int id = r.nextInt(m.size());
                assertThat(t.get(id, 0)).isEqualTo(m.get(id)[0]);
                assertThat(t.get(id, 1)).isEqualTo(m.get(id)[1]);
            }
        }
        for (int k = 0; k < tables.size(); k++) {
            EntryTable t = tables.get(k);
            List<Object[]> m = models.get(k);
            assertThat(t.size()).isEqualTo(m.size());
            for (int id = 0; id < m.size(); id++) {
                assertThat(t.get(id, 0)).isEqualTo(m.get(id)[0]);
                assertThat(t.get(id, 1)).isEqualTo(m.get(id)[1]);
            }
        }
    }
}
