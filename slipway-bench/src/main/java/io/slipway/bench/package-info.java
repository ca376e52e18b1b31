/**
  * JMH benchmarks and load drivers, run from target/benchmarks.jar by the scripts under bench/ (never by
  * mvn verify).
  *
  * <p>Flag evaluation compares Slipway with the Unleash Java SDK on one {@link
  * io.slipway.bench.RolloutWorkload}: each side is a class named {@code <Side>EvaluationBenchmark}
  * with an {@code isEnabled} method, so bench/flag-eval can pair them. {@link
  * io.slipway.bench.UnleashEvaluationBenchmark} is the Unleash SDK, {@link
  * io.slipway.bench.SdkEvaluationBenchmark} the Slipway SDK ({@code SlipwayFlags}) and {@link
  * io.slipway.bench.SlipwayEvaluationBenchmark} the bare {@code io.slipway.flags.Evaluator} under it.
  *
  * <p>{@link io.slipway.bench.FlagPropagation} is bench/flag-propagation's driver: SDK clients against a
  * real server, timing how long a flag change takes to reach each of them.
  */
package io.slipway.bench;
