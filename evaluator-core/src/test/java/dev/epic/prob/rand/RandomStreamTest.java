package dev.epic.prob.rand;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class RandomStreamTest {
    private static long[] draw(RandomStream r, int n) {
        long[] out = new long[n];
        for (int i = 0; i < n; i++) {
            out[i] = r.nextLong();
        }
        return out;
    }

    @Test
    void sameKeyGivesSameNumbers() {
        assertThat(draw(new RandomStream(42, 3, 7), 16)).containsExactly(draw(new RandomStream(42, 3, 7), 16));
    }

    @Test
    void eachKeyComponentChangesTheStream() {
        long[] base = draw(new RandomStream(42, 3, 7), 4);
        assertThat(draw(new RandomStream(43, 3, 7), 4)).isNotEqualTo(base);
        assertThat(draw(new RandomStream(42, 4, 7), 4)).isNotEqualTo(base);
        assertThat(draw(new RandomStream(42, 3, 8), 4)).isNotEqualTo(base);
        assertThat(draw(new RandomStream(42, 7, 3), 4)).isNotEqualTo(base);
    }

    @Test
    void resetGivesTheStreamOfTheNewKeyWhateverWasDrawnBefore() {
        RandomStream r = new RandomStream(5, 0, 0);
        draw(r, 11);
        r.standardNormal();
        r.reset(2, 9);
        assertThat(draw(r, 8)).containsExactly(draw(new RandomStream(5, 2, 9), 8));
        assertThat(r.fork(2, 9).nextLong()).isEqualTo(new RandomStream(5, 2, 9).nextLong());
    }

    @Test
    void uniformsAndNormalsHaveTheRightMoments() {
        RandomStream r = new RandomStream(1, 0, 0);
        int n = 200_000;
        double su = 0;
        double sz = 0;
        double szz = 0;
        for (int i = 0; i < n; i++) {
            su += r.nextDouble();
            double z = r.standardNormal();
            sz += z;
            szz += z * z;
        }
        // Five standard errors: sd of a uniform is 1/sqrt(12); of z² it is sqrt(2).
        assertThat(Math.abs(su / n - 0.5)).isLessThan(5 / Math.sqrt(12.0 * n));
        assertThat(Math.abs(sz / n)).isLessThan(5 / Math.sqrt(n));
        assertThat(Math.abs(szz / n - 1)).isLessThan(5 * Math.sqrt(2.0 / n));
    }
}
