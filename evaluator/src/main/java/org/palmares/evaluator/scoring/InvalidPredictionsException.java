package org.palmares.evaluator.scoring;
public final class InvalidPredictionsException extends Exception { public InvalidPredictionsException(String m){super(m);} }
