/** Safe creation of tensors from Java data and scalar arithmetic under autograd (DJL). */
package dev.hisam.core.nd;
