package org.jss.pipeline;

import java.util.ArrayList;
import java.util.List;
import org.jss.anomaly.AnomalyStage;
import org.jss.base.UserError;
import org.jss.fees.FeeImpactStage;
import org.jss.inactivity.InactiveStage;
import org.jss.scoring.JssStage;

/** The nightly stages in run order; later stages may read earlier stages' outputs. */
public final class Stages {
  private Stages() {}

  public static List<Stage> all() {
    return List.of(new JssStage(), new InactiveStage(), new AnomalyStage(), new FeeImpactStage());
  }

  public static List<String> names() {
    return all().stream().map(Stage::name).toList();
  }

  /**
   * The stages to run: those named (in pipeline order), or every stage enabled by default when none
   * are named.
   */
  public static List<Stage> select(List<String> requested, StageContext ctx) {
    validate(requested);
    List<Stage> out = new ArrayList<>();
    for (Stage s : all()) {
      if (requested.isEmpty() ? s.enabledByDefault(ctx) : requested.contains(s.name())) {
        out.add(s);
      }
    }
    return out;
  }

  /** Fails with a message listing the stages when one named is unknown. */
  public static void validate(List<String> requested) {
    for (String r : requested) {
      if (!names().contains(r)) {
        throw new UserError(
            "--stages: unknown stage '" + r + "'. Stages: " + String.join(", ", names()));
      }
    }
  }
}
