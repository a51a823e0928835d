/**
 * The metrics of image challenges, pure and in bounded memory: semantic segmentation (Dice,
 * normalised surface distance, 95th-percentile Hausdorff distance per class, {@link
 * org.palmares.evaluator.scoring.image.SegmentationMetrics}, streamed over the {@link
 * org.palmares.evaluator.scoring.image.LabelRaster} seam that the image readers implement),
 * object detection (lesion-wise F1 under a declared matching criterion and assignment, {@link
 * org.palmares.evaluator.scoring.image.DetectionMatching}; FROC at declared false-positive rates
 * per image; the per-case detections JSON, {@link
 * org.palmares.evaluator.scoring.image.DetectionsFile}), the declared edge cases ({@link
 * org.palmares.evaluator.scoring.image.EdgeCases}) and the aggregation of per-case values over the
 * cases of a part, with the bootstrap over cases ({@link
 * org.palmares.evaluator.scoring.image.ImageMetrics}, through {@link
 * org.palmares.evaluator.scoring.CaseScores}).
 *
 * <p>Conventions follow Metrics Reloaded (Maier-Hein et al., Nat Methods 2024) and its reference
 * implementation, MONAI where it agrees, and CAMELYON16 for FROC; each class says which. Per-case
 * values stay at the site: only the aggregates and their intervals leave it.
 */
package org.palmares.evaluator.scoring.image;
