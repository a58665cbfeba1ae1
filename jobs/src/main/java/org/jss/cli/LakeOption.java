package org.jss.cli;

import org.apache.spark.sql.SparkSession;
import org.jss.config.PipelineConfig;
import org.jss.io.Lake;
import org.jss.io.LakeReader;
import picocli.CommandLine.Option;

/** The {@code --lake} option of commands that read or write a lake: command line over config. */
public final class LakeOption {
  @Option(
      names = "--lake",
      paramLabel = "LAKE",
      description = "Lake directory or URI. Default: the config's lake.")
  String lake;

  public Lake open(SparkSession spark, PipelineConfig config) {
    return new Lake(spark, root(config));
  }

  /** The lake's scored tables for a command that reads them without Spark. */
  public LakeReader reader(org.apache.hadoop.conf.Configuration hadoop, PipelineConfig config) {
    return new LakeReader(root(config), hadoop);
  }

  private String root(PipelineConfig config) {
    return lake != null ? lake : config.lake();
  }
}
