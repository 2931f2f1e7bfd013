package dev.epic.model.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.typesafe.config.ConfigFactory;
import dev.epic.model.sim.tasks.SimTasks;
import java.util.List;
import org.junit.jupiter.api.Test;

class SimTasksTest {
    @Test
    void theDefaultConfigurationNamesEveryTask() {
        assertThat(SimSettings.fromConfig(ConfigFactory.load()).tasks()).isEqualTo(SimSettings.ALL_TASKS);
        assertThat(SimTasks.NAMES).isEqualTo(SimSettings.ALL_TASKS);
        assertThat(SimTasks.named(SimSettings.ALL_TASKS)).hasSize(4);
    }

    @Test
    void tasksCanBeLeftOutByConfiguration() {
        SimSettings s = SimSettings.fromConfig(ConfigFactory.parseString("epic.sim.tasks = [\"pasta\"]")
                .withFallback(ConfigFactory.load()));
        assertThat(s.tasks()).containsExactly("pasta");
        assertThat(SimTasks.named(s.withTasks(List.of()).tasks())).isEmpty();
    }

    @Test
    void anUnknownTaskNameIsAnErrorNamingTheKnownOnes() {
        assertThatThrownBy(() -> SimTasks.named(List.of("chess")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'chess'").hasMessageContaining("game24, tool-use, number-answers, pasta");
    }
}
