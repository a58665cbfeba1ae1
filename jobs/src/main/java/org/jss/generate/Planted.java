package org.jss.generate;

/**
 * The anomaly kinds the generator plants, one per SPEC section 7 detector (names as detectors use), and
 * UNUSUAL_PROFILE: an account unusual on several counts at once that none of the seven describes.
 */
public enum Planted {
  SELF_DEALING,
  MULTI_ACCOUNT,
  FEEDBACK_RING,
  JSS_FARMING,
  DISPUTE_RATE,
  EARNINGS_SPIKE,
  LOCATION_MISMATCH,
  UNUSUAL_PROFILE
}
