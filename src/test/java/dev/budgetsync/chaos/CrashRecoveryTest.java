package dev.budgetsync.chaos;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The service is killed (SIGKILL) three times, then stopped gracefully (SIGTERM) twice in a rolling
 * restart, each under a steady stream from a Stripe-like sender: every event ends in the ledger
 * exactly once and every budget equals the sum of its events.
 */
class CrashRecoveryTest {

  @Test
  void killedThreeTimesUnderLoadNothingIsLostOrDoubled(@TempDir Path dir) throws Exception {
    ChaosRun.Report report = ChaosRun.run(ChaosRun.Fault.KILL_SERVICE, 600, 3, dir.resolve("service.log"));

    assertThat(report.passed()).as(report.toString()).isTrue();
    assertThat(report.lost()).isZero();
    assertThat(report.doubled()).isZero();
    assertThat(report.inLedger()).isEqualTo(600);
  }

  @Test
  void aRollingRestartWithSigtermLosesNoAcknowledgedEvent(@TempDir Path dir) throws Exception {
    ChaosRun.Report report = ChaosRun.run(ChaosRun.Fault.TERMINATE_SERVICE, 600, 2, dir.resolve("service.log"));

    assertThat(report.passed()).as(report.toString()).isTrue();
    assertThat(report.lost()).isZero();
    assertThat(report.doubled()).isZero();
  }
}
