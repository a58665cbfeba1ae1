package org.jss.fees;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The fee arithmetic of SPEC section 8 checked by hand, without Spark. */
class FeeScheduleTest {
  private static final FeeSchedules SHIPPED = new FeeSchedules(null);
  private static final FeeSchedule SLIDING = SHIPPED.load("sliding-2016");

  private static BigDecimal usd(String v) {
    return new BigDecimal(v);
  }

  private static void assertUsd(String expected, BigDecimal actual, String what) {
    assertEquals(0, usd(expected).compareTo(actual), what + ": expected " + expected + ", got " + actual);
  }

  @Test
  void newClientPaying500AMonthLeaves400ThenThe450() {
    FeeQuote first = SLIDING.quote(usd("500.00"), usd("0.00"), null);
    FeeQuote second = SLIDING.quote(usd("500.00"), usd("500.00"), null);
    assertUsd("400.00", first.takeHomeUsd(), "first month take-home");
    assertUsd("450.00", second.takeHomeUsd(), "second month take-home");
    assertUsd("100.00", first.feeUsd(), "first month fee");
    assertUsd("50.00", second.feeUsd(), "second month fee");
  }

  @Test
  void oneOffSmallJobsPayTwentyPercent() {
    assertUsd("120.00", SLIDING.quote(usd("150"), usd("0"), null).takeHomeUsd(), "$150 job");
    assertUsd("32.00", SLIDING.quote(usd("40"), usd("0"), null).takeHomeUsd(), "$40 job");
  }

  @Test
  void aFirstPaymentOf12000CrossesBothBoundariesAtOnce() {
    FeeQuote q = SLIDING.quote(usd("12000.00"), usd("0"), null);
    // 500 x 20% + 9,500 x 10% + 2,000 x 5% = 100 + 950 + 100
    assertUsd("1150.00", q.feeUsd(), "fee");
    assertUsd("10850.00", q.takeHomeUsd(), "take-home");
    assertEquals(3, q.parts().size(), "three tiers touched");
    assertUsd("500.00", q.parts().get(0).amountUsd(), "first tier part");
    assertUsd("9500.00", q.parts().get(1).amountUsd(), "second tier part");
    assertUsd("2000.00", q.parts().get(2).amountUsd(), "top tier part");
    assertNull(q.parts().get(2).upToUsd(), "top tier is open");
  }

  @Test
  void aPaymentStartingInsideATierIsSplitAtTheNextBoundary() {
    FeeQuote q = SLIDING.quote(usd("300.00"), usd("350.00"), null);
    // 150 at 20% (350 -> 500) + 150 at 10% (500 -> 650)
    assertUsd("45.00", q.feeUsd(), "fee");
    assertEquals(2, q.parts().size(), "two tiers touched");
    assertUsd("150.00", q.parts().get(0).amountUsd(), "part below 500");
  }

  @Test
  void refundsReturnTheFeeOfTheTiersTheyWalkBackThroughFromTheTop() {
    // Billed 10,200 before; refunding 700 walks 200 back through 5% and 500 through 10%.
    FeeQuote q = SLIDING.quote(usd("-700.00"), usd("10200.00"), null);
    assertUsd("-60.00", q.feeUsd(), "fee returned");
    assertUsd("-640.00", q.takeHomeUsd(), "take-home returned");
    // A refund right after a payment returns exactly what it was charged.
    FeeQuote pay = SLIDING.quote(usd("12000.00"), usd("0"), null);
    FeeQuote back = SLIDING.quote(usd("-12000.00"), usd("12000.00"), null);
    assertUsd(pay.feeUsd().negate().toPlainString(), back.feeUsd(), "full refund");
  }

  @Test
  void roundingIsOncePerPaymentHalfUpAndThePartsAddUpToTheFee() {
    // 0.05 at 20% (fee 0.01 exact) and 0.03 at 10% (0.003): exact 0.013 -> 0.01.
    FeeQuote q = SLIDING.quote(usd("0.08"), usd("499.95"), null);
    assertUsd("0.013", q.feeExactUsd(), "exact fee");
    assertUsd("0.01", q.feeUsd(), "fee rounded once");
    // 0.25 at 10%: exact 0.025 rounds half up to 0.03; a refund of it to -0.03.
    assertUsd("0.03", SLIDING.quote(usd("0.25"), usd("600"), null).feeUsd(), "half up");
    assertUsd("-0.03", SLIDING.quote(usd("-0.25"), usd("600.25"), null).feeUsd(), "refund mirrors");
    // Parts 0.05 at 20% (0.010) + 0.05 at 10% (0.005): rounded 0.01 + 0.01 = 0.02 but the fee is
    // round(0.015) = 0.02; and 0.03+0.03 : 0.006 -> 0.01, 0.003 -> 0.00, fee round(0.009) = 0.01.
    for (String[] c : List.of(new String[] {"0.10", "499.95"}, new String[] {"0.06", "499.97"})) {
      FeeQuote split = SLIDING.quote(usd(c[0]), usd(c[1]), null);
      BigDecimal parts = split.parts().stream().map(FeeQuote.Part::feeUsd).reduce(BigDecimal.ZERO, BigDecimal::add);
      BigDecimal amounts =
          split.parts().stream().map(FeeQuote.Part::amountUsd).reduce(BigDecimal.ZERO, BigDecimal::add);
      assertUsd(split.feeUsd().toPlainString(), parts, "part fees add up for " + c[0]);
      assertUsd(c[0], amounts, "part amounts add up to the payment for " + c[0]);
    }
  }

  @Test
  void flatAndVariableSchedules() {
    FeeSchedule flat = SHIPPED.load("flat-10-2023");
    assertUsd("450.00", flat.quote(usd("500"), usd("9999"), null).takeHomeUsd(), "flat 10%");
    FeeSchedule variable = SHIPPED.load("variable-2025");
    assertTrue(variable.variable(), "variable-2025 is per contract");
    ContractTerms small = new ContractTerms("Design", "FIXED", usd("200"));
    ContractTerms writing = new ContractTerms("Writing", "FIXED", usd("5000"));
    ContractTerms bigHourly = new ContractTerms("Design", "HOURLY", usd("60000"));
    ContractTerms bigFixed = new ContractTerms("Design", "FIXED", usd("60000"));
    ContractTerms other = new ContractTerms("Design", "FIXED", usd("5000"));
    assertUsd("0.15", variable.rateFor(small), "small contract");
    assertUsd("0.10", variable.rateFor(writing), "writing");
    assertUsd("0.00", variable.rateFor(bigHourly), "big hourly");
    assertUsd("0.05", variable.rateFor(bigFixed), "big fixed");
    assertUsd("0.08", variable.rateFor(other), "default");
    assertUsd("170.00", variable.quote(usd("200"), usd("0"), small).takeHomeUsd(), "15% of 200");
  }

  @Test
  void clientFees() {
    FeeSchedule s = SHIPPED.load("flat-10-2023");
    assertUsd("15.00", s.client().processingFee(usd("500")), "3% processing");
    assertUsd("0.99", s.client().initiationFee(usd("20")), "initiation floor");
    assertUsd("5.00", s.client().initiationFee(usd("500")), "1% of contract");
    assertUsd("14.99", s.client().initiationFee(usd("100000")), "initiation cap");
    assertUsd("0.00", SHIPPED.load("odesk-flat-10").client().initiationFee(usd("500")), "none");
  }
}
