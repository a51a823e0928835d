package org.palmares.evaluator.scoring;
public enum BinaryMetric { ROC_AUC; public static BinaryMetric byName(String n){return ROC_AUC;} public boolean higherIsBetter(){return true;} }
