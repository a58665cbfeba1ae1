package org.jss.fees;

import java.math.BigDecimal;

/**
 * The contract attributes a variable fee rule may look at: category, contract type and the contract's
 * size, taken as its visible earnings at the as-of date (the sum of its visible payments, SPEC section 4).
 */
public record ContractTerms(String category, String contractType, BigDecimal earningsUsd) {}
