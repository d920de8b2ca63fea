package io.clipvq.trainer.worlds.fashionmnist;

import io.clipvq.trainer.tokenizer.ImageTokenizer;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * How much the image tokenizer alone loses on real Fashion-MNIST images it never trained on (the first test images):
 * each is encoded and decoded, and the reconstruction is compared with the original by PSNR and by the evaluation
 * classifier (the share of reconstructions it reads as the true class, beside the share of originals it reads
 * right). That class accuracy bounds what any generator using these codes can reach. Codebook use: distinct codes,
 * and the perplexity of the code histogram (exp of its entropy; K when every code is used equally).
 */
public final class FashionTokenizerCheck {
    private static final int BATCH = 64;

    public record Result(int images, double psnr, double reconstructionClassAccuracy, double originalClassAccuracy,
                         int codesUsed, double perplexity, int codebookSize) {
        public String summary() {
            return String.format(Locale.ROOT, "%d test images: PSNR %.2f dB, class accuracy of reconstructions %.3f "
                            + "(originals %.3f), codes used %d of %d, perplexity %.1f", images, psnr,
                    reconstructionClassAccuracy, originalClassAccuracy, codesUsed, codebookSize, perplexity);
        }
    }

    private FashionTokenizerCheck() {
    }

    public static Result measure(ImageTokenizer tokenizer, FashionMnist data, FashionClassifier classifier, int images) {
        if (tokenizer.imageSize() != FashionMnist.CANVAS) {
            throw new IllegalArgumentException("the tokenizer makes " + tokenizer.imageSize() + "-pixel images, the "
                    + "Fashion-MNIST canvas is " + FashionMnist.CANVAS);
        }
        int count = Math.min(images, data.testCount());
        int per = 3 * FashionMnist.CANVAS * FashionMnist.CANVAS;
        long[] histogram = new long[tokenizer.codebookSize()];
        double psnrSum = 0;
        List<float[]> originals = new ArrayList<>(count);
        List<float[]> reconstructions = new ArrayList<>(count);
        for (int start = 0; start < count; start += BATCH) {
            int b = Math.min(BATCH, count - start);
            float[] input = new float[b * per];
            for (int i = 0; i < b; i++) {
                float[] chw = data.test(start + i).canvasChw();
                originals.add(chw);
                System.arraycopy(chw, 0, input, i * per, per);
            }
            long[] codes = tokenizer.encode(input, b);
            for (long code : codes) {
                histogram[(int) code]++;
            }
            float[] output = tokenizer.decode(codes, b);
            for (int i = 0; i < b; i++) {
                float[] reconstruction = new float[per];
                double squared = 0;
                for (int j = 0; j < per; j++) {
                    reconstruction[j] = Math.max(0f, Math.min(1f, output[i * per + j]));
                    double d = reconstruction[j] - input[i * per + j];
                    squared += d * d;
                }
                reconstructions.add(reconstruction);
                psnrSum += 10 * Math.log10(1.0 / Math.max(squared / per, 1e-10));
            }
        }
        int[] readOriginals = classifier.read(originals).classes();
        int[] readReconstructions = classifier.read(reconstructions).classes();
        int rightOriginals = 0;
        int rightReconstructions = 0;
        for (int i = 0; i < count; i++) {
            int truth = data.test(i).label().ordinal();
            rightOriginals += readOriginals[i] == truth ? 1 : 0;
            rightReconstructions += readReconstructions[i] == truth ? 1 : 0;
        }
        long total = 0;
        int used = 0;
        for (long h : histogram) {
            total += h;
            used += h > 0 ? 1 : 0;
        }
        double entropy = 0;
        for (long h : histogram) {
            if (h > 0) {
                double p = (double) h / total;
                entropy -= p * Math.log(p);
            }
        }
        return new Result(count, psnrSum / count, (double) rightReconstructions / count, (double) rightOriginals / count,
                used, Math.exp(entropy), tokenizer.codebookSize());
    }
}
