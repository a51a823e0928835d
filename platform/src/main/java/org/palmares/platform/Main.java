package org.palmares.platform; public class Main { public static void main(String[] a){} }
