/**
 * Image files of image challenges: the formats ({@link org.palmares.evaluator.image.ImageFormat}),
 * their geometry (size and spacing), and readers that present a mask or a label image as a
 * {@link org.palmares.evaluator.scoring.image.LabelRaster} read in slabs of rows, so that a
 * whole-slide image is never held in memory. TIFF and PNG go through ImageIO (TwelveMonkeys'
 * TIFF plugin, by region); NIfTI-1 and MetaImage are read by the small readers here, since no
 * maintained Java reader of them is published on Maven Central; DICOM is passed to containers
 * as a folder and never parsed here (no maintained DICOM library is served on Central).
 */
package org.palmares.evaluator.image;
