"""Loads .weights.h5 and .keras files written by kerats into real Keras 3 and compares predictions.
usage: python keras_load_check.py DIR   (DIR from scripts/keras-weights-check.ts: per policy
P, P.weights.h5, P.keras and P.io.npz with x, kerats's predictions y and its optimizer
iterations; sequential.keras and sequential.io.npz)
Prints one JSON line per file; exits 1 if any prediction differs beyond one rounding of
the compute dtype, the optimizer state did not load, or Keras warned."""
import json, os, sys, warnings
os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3"); os.environ.setdefault("KERAS_BACKEND", "tensorflow")
import numpy as np, keras

# One rounding of the compute dtype on the output probabilities; four for the pure 16-bit
# policies, whose Keras layers round after the matmul, the bias add and the activation
# where kerats's fused dense rounds once.
TOL = {"float32": 1e-5, "mixed_float16": 2 ** -11, "mixed_bfloat16": 2 ** -8, "float16": 4 * 2 ** -11, "bfloat16": 4 * 2 ** -8}

def guide(policy):
    keras.config.set_dtype_policy(policy)
    inputs = keras.Input(shape=(784,), name="digits")
    x = keras.layers.Dense(16, activation="relu", name="dense_1")(inputs)
    x = keras.layers.Dense(16, activation="relu", name="dense_2")(x)
    x = keras.layers.Dense(10, name="dense_logits")(x)
    outputs = keras.layers.Activation("softmax", dtype="float32", name="predictions")(x)
    return keras.Model(inputs=inputs, outputs=outputs)

ok = True
out = sys.argv[1]
for policy in TOL:
    weights = os.path.join(out, f"{policy}.weights.h5")
    if not os.path.exists(weights): continue
    io = np.load(os.path.join(out, f"{policy}.io.npz"))
    model = guide(policy)
    trained = not policy.startswith(("float16", "bfloat16"))
    if trained:
        model.compile(loss="sparse_categorical_crossentropy", optimizer=keras.optimizers.RMSprop())
        model.optimizer.build(model.trainable_variables)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        model.load_weights(weights)
    y = model.predict(io["x"], verbose=0)
    diff = float(np.abs(y - io["y"]).max())
    iterations = int(np.asarray(model.optimizer.iterations)) if trained else None
    good = diff <= TOL[policy] and (not trained or iterations == int(io["iterations"])) and not caught
    ok = ok and good
    print(json.dumps({"policy": policy, "keras": keras.__version__, "max_abs_diff": diff, "tolerance": TOL[policy],
                      "iterations": iterations, "expected_iterations": int(io["iterations"]) if trained else None,
                      "warnings": [str(w.message) for w in caught], "ok": good}))
    keras.config.set_dtype_policy("float32")

def check_archive(name, tol, trained):
    """keras.models.load_model on NAME.keras: predictions, the compiled optimizer and its iterations."""
    global ok
    path = os.path.join(out, f"{name}.keras")
    if not os.path.exists(path): return
    io = np.load(os.path.join(out, f"{name}.io.npz"))
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        model = keras.models.load_model(path)
    y = model.predict(io["x"], verbose=0)
    diff = float(np.abs(y - io["y"]).max())
    opt = model.optimizer if trained else None
    iterations = int(np.asarray(opt.iterations)) if opt is not None else None
    # Training on in Keras from the saved state gives kerats's next two losses (relative: one
    # rounding of float32, or of the 16-bit compute dtype summed over the loss's terms).
    expected = io["next_losses"] if "next_losses" in io.files else np.array([])
    losses = [float(np.asarray(model.train_on_batch(io["xs"], io["ys"]))) for _ in expected] if trained else []
    loss_tol = 1e-5 if name in ("float32", "sequential") else 1e-2
    loss_diff = float(max([abs(a - b) / abs(b) for a, b in zip(losses, expected)], default=0.0))
    good = diff <= tol and (not trained or iterations == int(io["iterations"])) and loss_diff <= loss_tol and not caught
    ok = ok and good
    print(json.dumps({"file": f"{name}.keras", "keras": keras.__version__, "max_abs_diff": diff, "tolerance": tol,
                      "next_losses_keras": losses, "next_losses_kerats": [float(v) for v in expected], "loss_rel_diff": loss_diff,
                      "optimizer": type(opt).__name__ if opt is not None else None, "iterations": iterations,
                      "policies": sorted({l.dtype_policy.name for l in model.layers}),
                      "warnings": [str(w.message) for w in caught], "ok": good}))

for policy in TOL:
    check_archive(policy, TOL[policy], not policy.startswith(("float16", "bfloat16")))
    keras.config.set_dtype_policy("float32")
check_archive("sequential", 1e-5, True)
sys.exit(0 if ok else 1)
