package org.jss.cli;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.jss.anomaly.AnomalyConfig;
import org.jss.anomaly.AnomalyStage;
import org.jss.base.UserError;
import org.jss.config.JssPolicy;
import org.jss.config.PipelineConfig;
import org.jss.facts.FactsStage;
import org.jss.fees.FeeImpactStage;
import org.jss.inactivity.InactiveStage;
import org.jss.pipeline.Stage;
import org.jss.scoring.JssStage;

/**
 * The wiring of a night: which stages exist, in run order, each built with the rules the command loaded;
 * which run by default; and how {@code --stages} selects among them (a named stage brings the stages it
 * depends on).
 */
final class NightlyStages {
  private final Map<String, Supplier<Stage>> all = new LinkedHashMap<>();
  private final PipelineConfig config;

  NightlyStages(JssPolicy policy, AnomalyConfig anomalies, PipelineConfig config) {
    this.config = config;
    all.put(FactsStage.NAME, () -> new FactsStage(policy));
    all.put("jss", () -> new JssStage(policy));
    all.put("inactive", () -> new InactiveStage(policy));
    all.put("anomalies", () -> new AnomalyStage(anomalies));
    // Built only when selected: the fee schedules are read then.
    all.put(FeeImpactStage.NAME, () -> FeeImpactStage.nightly(config.fees()));
  }

  List<String> names() {
    return List.copyOf(all.keySet());
  }

  /** Fails with a message listing the stages when one named is unknown. */
  void validate(List<String> requested) {
    for (String r : requested) {
      if (!all.containsKey(r)) {
        throw new UserError("--stages: unknown stage '" + r + "'. Stages: " + String.join(", ", names()));
      }
    }
  }

  /**
   * The stages to run, in run order: those named, or when none are, every stage but fees (which runs
   * when {@code fees.nightly.enabled}); with the stages they depend on.
   */
  List<Stage> select(List<String> requested) {
    validate(requested);
    List<String> wanted = new ArrayList<>(requested);
    if (wanted.isEmpty()) {
      wanted.addAll(List.of("jss", "inactive", "anomalies"));
      if (config.fees().enabled()) {
        wanted.add(FeeImpactStage.NAME);
      }
    }
    Map<String, Stage> built = new LinkedHashMap<>();
    List<String> pending = new ArrayList<>(wanted);
    while (!pending.isEmpty()) {
      String n = pending.remove(0);
      if (!built.containsKey(n)) {
        Stage s = all.get(n).get();
        built.put(n, s);
        pending.addAll(s.dependsOn());
      }
    }
    return all.keySet().stream().filter(built::containsKey).map(built::get).toList();
  }

  /** The lake size below which the night runs with the small-lake profile (pipeline config). */
  long smallLakeBytes() {
    return config.smallLakeBytes();
  }
}
