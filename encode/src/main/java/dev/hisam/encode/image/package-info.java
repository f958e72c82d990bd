/**
 * Image encoder: a TF.js/Keras layers model (MobileNetV2 from nsfwjs) loaded from its model.json
 * and weight shards and run in DJL by a small interpreter of its layer list.
 */
package dev.hisam.encode.image;
