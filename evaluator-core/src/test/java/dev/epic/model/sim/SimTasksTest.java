package dev.epic.model.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.typesafe.config.ConfigFactory;
import dev.epic.model.sim.tasks.SimTasks;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class SimTasksTest {
    @Test
    void theDefaultConfigurationNamesNoTask() {
        assertThat(SimSettings.fromConfig(ConfigFactory.load()).tasks()).isEmpty();
        assertThat(new SimSettings("sim", 25, 0.6, 0.05, 64, SimSettings.Mode.CONTINUOUS, 1, 64, Optional.empty()).tasks())
                .isEmpty();
    }

    @Test
    void everyTaskHasABehaviour() {
        assertThat(SimTasks.NAMES).isEqualTo(SimSettings.ALL_TASKS);
        assertThat(SimTasks.named(SimSettings.ALL_TASKS)).hasSize(4);
    }

    @Test
    void theExamplesConfigurationTurnsOnEveryTask() {
        SimSettings s = SimSettings.fromConfig(ConfigFactory.parseFile(Path.of("..", "examples", "case-studies.conf").toFile())
                .withFallback(ConfigFactory.load()));
        assertThat(s.tasks()).isEqualTo(SimSettings.ALL_TASKS);
    }

    @Test
    void tasksAreChosenByConfiguration() {
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
