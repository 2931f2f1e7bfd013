package dev.epic.prob.dist;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.epic.prob.rand.RandomStream;
import java.util.function.DoubleSupplier;
import org.junit.jupiter.api.Test;

class DistributionsTest {
    private static final double EXACT = 1e-12;

    /** Sample mean and variance against the closed forms, within five standard errors estimated from the sample. */
    private static void assertMoments(DoubleSupplier draw, double mean, double variance) {
        int n = 200_000;
        double[] xs = new double[n];
        double sum = 0;
        for (int i = 0; i < n; i++) {
            xs[i] = draw.getAsDouble();
            sum += xs[i];
        }
        double m = sum / n;
        double s2 = 0;
        double s4 = 0;
        for (double x : xs) {
            double d = (x - m) * (x - m);
            s2 += d;
            s4 += d * d;
        }
        double v = s2 / (n - 1);
        double seMean = Math.sqrt(v / n);
        double seVar = Math.sqrt(Math.max(s4 / n - v * v, 0) / n);
        assertThat(m).isCloseTo(mean, within(5 * seMean + 1e-12));
        assertThat(v).isCloseTo(variance, within(5 * seVar + 1e-12));
    }

    private static RandomStream rng(int i) {
        return new RandomStream(20260101L, 0, i);
    }

    @Test
    void gaussianTakesAVariance() {
        assertThat(Gaussian.logDensity(0, 1, 0)).isCloseTo(-0.5 * Math.log(2 * Math.PI), within(EXACT));
        assertThat(Gaussian.logDensity(1, 4, 3)).isCloseTo(-0.5 * Math.log(8 * Math.PI) - 0.5, within(EXACT));
        RandomStream r = rng(1);
        assertMoments(() -> Gaussian.draw(r, 2, 9), 2, 9);
        assertThat(Gaussian.mean(2, 9)).isEqualTo(2);
        assertThat(Gaussian.variance(2, 9)).isEqualTo(9);
    }

    @Test
    void betaDensityIsZeroOutsideTheUnitInterval() {
        assertThat(Beta.logDensity(2, 3, 0.5)).isCloseTo(Math.log(12 * 0.5 * 0.25), within(EXACT));
        assertThat(Beta.logDensity(1, 1, 0)).isCloseTo(0, within(EXACT));
        assertThat(Beta.logDensity(1, 1, 1)).isCloseTo(0, within(EXACT));
        assertThat(Beta.logDensity(2, 3, 1.5)).isEqualTo(Double.NEGATIVE_INFINITY);
        assertThat(Beta.logDensity(2, 3, 1)).isEqualTo(Double.NEGATIVE_INFINITY);
        RandomStream r = rng(2);
        assertMoments(() -> Beta.draw(r, 2, 3), 0.4, 6.0 / (25 * 6));
    }

    @Test
    void bernoulliIsBoolean() {
        assertThat(Bernoulli.logDensity(0.3, true)).isCloseTo(Math.log(0.3), within(EXACT));
        assertThat(Bernoulli.logDensity(0.3, false)).isCloseTo(Math.log(0.7), within(EXACT));
        assertThat(Bernoulli.logDensity(0, true)).isEqualTo(Double.NEGATIVE_INFINITY);
        RandomStream r = rng(3);
        assertMoments(() -> Bernoulli.draw(r, 0.3) ? 1 : 0, 0.3, 0.21);
    }

    @Test
    void binomialCountsSuccesses() {
        assertThat(Binomial.logDensity(10, 0.3, 3))
                .isCloseTo(Math.log(120 * Math.pow(0.3, 3) * Math.pow(0.7, 7)), within(EXACT));
        assertThat(Binomial.logDensity(10, 0.3, 11)).isEqualTo(Double.NEGATIVE_INFINITY);
        assertThat(Binomial.logDensity(10, 0.3, 2.5)).isEqualTo(Double.NEGATIVE_INFINITY);
        assertThat(Binomial.logDensity(4, 0, 0)).isEqualTo(0);
        assertThat(pmfSum(x -> Binomial.logDensity(10, 0.3, x), 0, 10)).isCloseTo(1, within(1e-12));
        RandomStream r = rng(4);
        assertMoments(() -> Binomial.draw(r, 10, 0.3), 3, 2.1);
    }

    @Test
    void betaBinomialMixesTheProbability() {
        // C(5,2)·B(4,6)/B(2,3) = 10·(6·120/9!)/(2/4!)
        assertThat(BetaBinomial.logDensity(5, 2, 3, 2))
                .isCloseTo(Math.log(10 * (720.0 / 362880) / (2.0 / 24)), within(EXACT));
        assertThat(pmfSum(x -> BetaBinomial.logDensity(5, 2, 3, x), 0, 5)).isCloseTo(1, within(1e-12));
        RandomStream r = rng(5);
        assertMoments(() -> BetaBinomial.draw(r, 5, 2, 3), 2, 5 * 2 * 3 * 10.0 / (25 * 6));
    }

    @Test
    void negativeBinomialCountsFailuresBeforeTheNthSuccess() {
        assertThat(NegativeBinomial.logDensity(3, 0.4, 2)).isCloseTo(Math.log(6 * 0.064 * 0.36), within(EXACT));
        assertThat(NegativeBinomial.logDensity(3, 0.4, -1)).isEqualTo(Double.NEGATIVE_INFINITY);
        assertThat(pmfSum(x -> NegativeBinomial.logDensity(3, 0.4, x), 0, 400)).isCloseTo(1, within(1e-12));
        assertThat(NegativeBinomial.mean(3, 0.4)).isCloseTo(4.5, within(EXACT));
        RandomStream r = rng(6);
        assertMoments(() -> NegativeBinomial.draw(r, 3, 0.4), 4.5, 3 * 0.6 / 0.16);
        assertMoments(() -> NegativeBinomial.draw(r, 2.5, 0.7), 2.5 * 0.3 / 0.7, 2.5 * 0.3 / 0.49);
    }

    @Test
    void gammaTakesARate() {
        assertThat(GammaDist.logDensity(2, 3, 1)).isCloseTo(Math.log(9) - 3, within(EXACT));
        assertThat(GammaDist.logDensity(1, 2, 0)).isCloseTo(Math.log(2), within(EXACT));
        assertThat(GammaDist.logDensity(2, 3, -1)).isEqualTo(Double.NEGATIVE_INFINITY);
        RandomStream r = rng(7);
        assertMoments(() -> GammaDist.draw(r, 2, 3), 2.0 / 3, 2.0 / 9);
        assertMoments(() -> GammaDist.draw(r, 0.5, 2), 0.25, 0.125);
    }

    @Test
    void poissonHasIntegerSupport() {
        assertThat(Poisson.logDensity(3, 2)).isCloseTo(Math.log(4.5) - 3, within(EXACT));
        assertThat(Poisson.logDensity(0, 0)).isEqualTo(0);
        assertThat(Poisson.logDensity(3, 1.5)).isEqualTo(Double.NEGATIVE_INFINITY);
        RandomStream r = rng(8);
        assertMoments(() -> Poisson.draw(r, 3), 3, 3);
        assertMoments(() -> Poisson.draw(r, 60), 60, 60);
    }

    @Test
    void studentTTakesASquaredScale() {
        // Γ(2)/(Γ(3/2)·√(3π)) at the centre, then a squared scale of 4 halves the density.
        double centre = 1 / (0.5 * Math.sqrt(Math.PI) * Math.sqrt(3 * Math.PI));
        assertThat(StudentT.logDensity(0, 1, 3, 0)).isCloseTo(Math.log(centre), within(EXACT));
        assertThat(StudentT.logDensity(1, 4, 3, 1)).isCloseTo(Math.log(centre / 2), within(EXACT));
        RandomStream r = rng(9);
        assertMoments(() -> StudentT.draw(r, 1, 4, 10), 1, 4 * 10.0 / 8);
        assertThat(StudentT.variance(0, 1, 1.5)).isEqualTo(Double.POSITIVE_INFINITY);
        assertThatThrownBy(() -> StudentT.mean(0, 1, 1)).isInstanceOf(InvalidDistributionException.class);
    }

    @Test
    void categoricalCoversLoToHi() {
        double[] probs = {0.2, 0.3, 0.5};
        assertThat(Categorical.logDensity(1, 3, probs, 2)).isCloseTo(Math.log(0.3), within(EXACT));
        assertThat(Categorical.logDensity(1, 3, probs, 4)).isEqualTo(Double.NEGATIVE_INFINITY);
        assertThat(Categorical.mean(1, 3, probs)).isCloseTo(2.3, within(EXACT));
        RandomStream r = rng(10);
        assertMoments(() -> Categorical.draw(r, 1, 3, probs), 2.3, 0.2 + 0.3 * 4 + 0.5 * 9 - 2.3 * 2.3);
    }

    @Test
    void invalidParametersNameTheDistributionAndTheParameter() {
        assertThatThrownBy(() -> Gaussian.logDensity(0, -1, 0))
                .isInstanceOf(InvalidDistributionException.class)
                .hasMessageContaining("gaussian").hasMessageContaining("var")
                .satisfies(e -> assertThat(((InvalidDistributionException) e).parameter()).isEqualTo("var"));
        assertThatThrownBy(() -> Gaussian.draw(rng(0), 0, Double.NaN)).hasMessageContaining("var");
        assertThatThrownBy(() -> Bernoulli.mean(1.5)).hasMessageContaining("bernoulli").hasMessageContaining("p");
        assertThatThrownBy(() -> Binomial.mean(2.5, 0.5)).hasMessageContaining("binomial").hasMessageContaining("n")
                .hasMessageContaining("integer");
        assertThatThrownBy(() -> Beta.mean(0, 1)).hasMessageContaining("beta").hasMessageContaining("a");
        assertThatThrownBy(() -> GammaDist.mean(1, -2)).hasMessageContaining("gamma").hasMessageContaining("b");
        assertThatThrownBy(() -> Poisson.mean(-1)).hasMessageContaining("poisson");
        assertThatThrownBy(() -> NegativeBinomial.mean(1, 0)).hasMessageContaining("negative_binomial");
        assertThatThrownBy(() -> Categorical.mean(0, 1, new double[] {0.5, 0.6}))
                .hasMessageContaining("categorical").hasMessageContaining("sum to 1");
        assertThatThrownBy(() -> Categorical.mean(0, 2, new double[] {0.5, 0.5}))
                .hasMessageContaining("probs");
    }

    private interface LogPmf {
        double at(double x);
    }

    private static double pmfSum(LogPmf f, int lo, int hi) {
        double s = 0;
        for (int x = lo; x <= hi; x++) {
            s += Math.exp(f.at(x));
        }
        return s;
    }
}
