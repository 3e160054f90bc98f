"""AI model providers, inference hosts, vector databases, ML tooling and agent infrastructure."""
from __future__ import annotations

import json

from formats import b64, expand, jwt
from svc import Doc, P, S, V

AI, ML = "ai", "ml-tooling"


def neptune(r):
    d = {"api_address": "https://app.neptune.ai", "api_url": "https://app.neptune.ai", "api_key": expand(r, "{uuid}")}
    return b64(json.dumps(d).encode()).rstrip("=")


def kaggle(r):
    return Doc("json", json.dumps({"username": expand(r, "{low:8}"), "key": expand(r, "{hex:32}")}) + "\n", name="kaggle")


SERVICES = [
    S("OpenAI", AI, ["sk-proj-{b64u:74}T3BlbkFJ{b64u:74}", "sk-svcacct-{b64u:74}T3BlbkFJ{b64u:74}", "sk-{b62:20}T3BlbkFJ{b62:20}",
                     "sk-admin-{b64u:74}T3BlbkFJ{b64u:74}"], "OPENAI_API_KEY OPENAI_ADMIN_KEY openai.api_key",
      host="api.openai.com", auth="bearer"),
    S("Anthropic", AI, ["sk-ant-api03-{b64u:93}AA", V(["ANTHROPIC_ADMIN_KEY"], "sk-ant-admin01-{b64u:93}AA")],
      "ANTHROPIC_API_KEY CLAUDE_API_KEY", host="api.anthropic.com", auth="header:x-api-key"),
    S("Google Gemini API", AI, ["AIza{b64u:35}"], "GEMINI_API_KEY GOOGLE_GENERATIVE_AI_API_KEY",
      host="generativelanguage.googleapis.com", auth="header:x-goog-api-key"),
    S("Hugging Face", AI, ["hf_{alpha:34}", V(["HUGGINGFACEHUB_API_TOKEN"], "api_org_{alpha:34}")], "HF_TOKEN HUGGING_FACE_HUB_TOKEN",
      host="huggingface.co", auth="bearer"),
    S("Cohere", AI, ["{b62:40}"], "COHERE_API_KEY CO_API_KEY", host="api.cohere.com", auth="bearer"),
    S("Replicate", AI, ["r8_{b62:37}"], "REPLICATE_API_TOKEN", host="api.replicate.com", auth="bearer"),
    S("Groq", AI, ["gsk_{b62:52}"], "GROQ_API_KEY", host="api.groq.com", auth="bearer"),
    S("Mistral AI", AI, ["{b62:32}"], "MISTRAL_API_KEY", host="api.mistral.ai", auth="bearer"),
    S("Perplexity", AI, ["pplx-{hex:48}", "pplx-{b62:48}"], "PERPLEXITY_API_KEY PPLX_API_KEY", host="api.perplexity.ai", auth="bearer"),
    S("xAI", AI, ["xai-{b62:80}"], "XAI_API_KEY GROK_API_KEY", host="api.x.ai", auth="bearer"),
    S("DeepSeek", AI, ["sk-{hex:32}"], "DEEPSEEK_API_KEY", host="api.deepseek.com", auth="bearer"),
    S("Together AI", AI, ["{hex:64}", "tgp_v1_{b64u:43}"], "TOGETHER_API_KEY", host="api.together.xyz", auth="bearer"),
    S("Fireworks AI", AI, ["fw_{b62:24}"], "FIREWORKS_API_KEY", host="api.fireworks.ai", auth="bearer"),
    S("OpenRouter", AI, ["sk-or-v1-{hex:64}"], "OPENROUTER_API_KEY", host="openrouter.ai", auth="bearer"),
    S("ElevenLabs", AI, ["sk_{hex:48}", "{hex:32}"], "ELEVENLABS_API_KEY ELEVEN_API_KEY XI_API_KEY", host="api.elevenlabs.io",
      auth="header:xi-api-key"),
    S("Pinecone", AI, ["pcsk_{b62:5}_{b62:63}", V(["PINECONE_API_KEY"], "{uuid}")], "PINECONE_API_KEY", host="api.pinecone.io",
      auth="header:Api-Key"),
    S("Weights & Biases", ML, ["{hex:40}", "local-{hex:40}"], "WANDB_API_KEY", host="api.wandb.ai", auth="basic-pass",
      files=("netrc",)),
    S("LangSmith", ML, ["lsv2_pt_{hex:32}_{hex:10}", "lsv2_sk_{hex:32}_{hex:10}"], "LANGSMITH_API_KEY LANGCHAIN_API_KEY",
      host="api.smith.langchain.com", auth="header:x-api-key"),
    S("Langfuse", ML, [P(("LANGFUSE_PUBLIC_KEY", "pk-lf-{uuid}"), ("LANGFUSE_SECRET_KEY", "sk-lf-{uuid}"))], "LANGFUSE_SECRET_KEY"),
    S("AssemblyAI", AI, ["{hex:32}"], "ASSEMBLYAI_API_KEY", host="api.assemblyai.com", auth="header:authorization"),
    S("Deepgram", AI, ["{hex:40}"], "DEEPGRAM_API_KEY", host="api.deepgram.com", auth="header:Authorization=Token "),
    S("Stability AI", AI, ["sk-{b62:48}"], "STABILITY_API_KEY", host="api.stability.ai", auth="bearer"),
    S("Cerebras", AI, ["csk-{an:48}"], "CEREBRAS_API_KEY", host="api.cerebras.ai", auth="bearer"),
    S("Voyage AI", AI, ["pa-{b64u:43}"], "VOYAGE_API_KEY", host="api.voyageai.com", auth="bearer"),
    S("Jina AI", AI, ["jina_{hex:32}{b62:28}"], "JINA_API_KEY", host="api.jina.ai", auth="bearer"),
    S("Tavily", AI, ["tvly-{b62:32}", "tvly-dev-{b62:32}"], "TAVILY_API_KEY", host="api.tavily.com", auth="bearer"),
    S("SerpApi", AI, ["{hex:64}"], "SERPAPI_API_KEY SERPAPI_KEY", host="serpapi.com", auth="query:api_key"),
    S("Serper", AI, ["{hex:40}"], "SERPER_API_KEY", host="google.serper.dev", auth="header:X-API-KEY"),
    S("Exa", AI, ["{uuid}"], "EXA_API_KEY", host="api.exa.ai", auth="header:x-api-key"),
    S("Firecrawl", AI, ["fc-{hex:32}"], "FIRECRAWL_API_KEY", host="api.firecrawl.dev", auth="bearer"),
    S("Browserbase", AI, ["bb_live_{b64u:27}"], "BROWSERBASE_API_KEY", host="api.browserbase.com", auth="header:X-BB-API-Key"),
    S("E2B", AI, ["e2b_{hex:40}"], "E2B_API_KEY", host="api.e2b.dev", auth="header:X-API-Key"),
    S("Modal", ML, [P(("MODAL_TOKEN_ID", "ak-{b62:22}"), ("MODAL_TOKEN_SECRET", "as-{b62:22}"))], "MODAL_TOKEN_SECRET"),
    S("RunPod", ML, ["rpa_{AN:40}{an:8}", "{AN:32}"], "RUNPOD_API_KEY", host="api.runpod.io", auth="bearer"),
    S("Baseten", ML, ["{b62:8}.{b62:32}"], "BASETEN_API_KEY", host="api.baseten.co", auth="header:Authorization=Api-Key "),
    S("Lambda Cloud", ML, ["secret_{low:8}_{hex:32}.{b62:32}"], "LAMBDA_API_KEY", host="cloud.lambdalabs.com", auth="bearer"),
    S("Vast.ai", ML, ["{hex:64}"], "VAST_API_KEY", host="console.vast.ai", auth="bearer"),
    S("Clarifai", AI, ["{hex:32}"], "CLARIFAI_PAT", host="api.clarifai.com", auth="header:Authorization=Key "),
    S("Roboflow", ML, ["{b62:20}"], "ROBOFLOW_API_KEY", host="api.roboflow.com", auth="query:api_key"),
    S("Weaviate Cloud", AI, ["{b62:40}"], "WEAVIATE_API_KEY", host="acme.weaviate.network", auth="bearer"),
    S("Qdrant Cloud", AI, ["{b64u:40}", "{uuid}|{b64u:56}"], "QDRANT_API_KEY", host="acme.cloud.qdrant.io", auth="header:api-key"),
    S("Chroma Cloud", AI, ["ck-{b62:44}"], "CHROMA_API_KEY", host="api.trychroma.com", auth="header:x-chroma-token"),
    S("LlamaCloud", AI, ["llx-{b62:48}"], "LLAMA_CLOUD_API_KEY", host="api.cloud.llamaindex.ai", auth="bearer"),
    S("Helicone", ML, ["sk-helicone-{an:7}-{an:7}-{an:7}-{an:7}"], "HELICONE_API_KEY", host="oai.helicone.ai",
      auth="header:Helicone-Auth=Bearer "),
    S("Portkey", ML, ["{b64:32}"], "PORTKEY_API_KEY", host="api.portkey.ai", auth="header:x-portkey-api-key"),
    S("AI21 Labs", AI, ["{b62:32}"], "AI21_API_KEY", host="api.ai21.com", auth="bearer"),
    S("NVIDIA NIM", AI, ["nvapi-{b64u:64}"], "NVIDIA_API_KEY NGC_API_KEY", host="integrate.api.nvidia.com", auth="bearer"),
    S("Azure OpenAI", AI, ["{hex:32}"], "AZURE_OPENAI_API_KEY AZURE_OPENAI_KEY", host="acme.openai.azure.com", auth="header:api-key"),
    S("SambaNova", AI, ["{uuid}"], "SAMBANOVA_API_KEY", host="api.sambanova.ai", auth="bearer"),
    S("Leonardo.Ai", AI, ["{uuid}"], "LEONARDO_API_KEY", host="cloud.leonardo.ai", auth="bearer"),
    S("Runway", AI, ["key_{hex:128}"], "RUNWAYML_API_SECRET", host="api.dev.runwayml.com", auth="bearer"),
    S("Luma AI", AI, ["luma-{uuid}-{uuid}"], "LUMAAI_API_KEY", host="api.lumalabs.ai", auth="bearer"),
    S("Speechmatics", AI, ["{b62:32}"], "SPEECHMATICS_API_KEY", host="asr.api.speechmatics.com", auth="bearer"),
    S("Rev AI", AI, ["02{b62:60}"], "REVAI_ACCESS_TOKEN", host="api.rev.ai", auth="bearer"),
    S("Gladia", AI, ["{uuid}"], "GLADIA_API_KEY", host="api.gladia.io", auth="header:x-gladia-key"),
    S("Picovoice", AI, ["{b64:54}=="], "PICOVOICE_ACCESS_KEY PV_ACCESS_KEY"),
    S("Unstructured", AI, ["{b62:30}"], "UNSTRUCTURED_API_KEY", host="api.unstructuredapp.io", auth="header:unstructured-api-key"),
    S("Mem0", AI, ["m0-{b62:40}"], "MEM0_API_KEY", host="api.mem0.ai", auth="header:Authorization=Token "),
    S("PromptLayer", ML, ["pl_{hex:32}"], "PROMPTLAYER_API_KEY", host="api.promptlayer.com", auth="header:X-API-KEY"),
    S("Braintrust", ML, ["sk-{b62:48}"], "BRAINTRUST_API_KEY", host="api.braintrust.dev", auth="bearer"),
    S("Comet ML", ML, ["{b62:25}"], "COMET_API_KEY", host="www.comet.com", auth="header:Authorization"),
    S("Neptune.ai", ML, [neptune], "NEPTUNE_API_TOKEN"),
    S("ClearML", ML, [P(("CLEARML_API_ACCESS_KEY", "{AN:30}"), ("CLEARML_API_SECRET_KEY", "{b62:50}"))], "CLEARML_API_SECRET_KEY"),
    S("Kaggle", ML, [kaggle, P(("KAGGLE_USERNAME", "{low:8}"), ("KAGGLE_KEY", "{hex:32}"))], "KAGGLE_KEY"),
    S("Scale AI", ML, ["live_{hex:32}"], "SCALE_API_KEY", host="api.scale.com", auth="basic-user"),
    S("Labelbox", ML, [lambda r: jwt(r, {"userId": expand(r, "{an:25}"), "organizationId": expand(r, "{an:25}"),
                                         "apiKeyId": expand(r, "{an:25}"), "secret": expand(r, "{hex:32}"),
                                         "iat": r.randint(1_700_000_000, 1_750_000_000)}, secret=r.randbytes(32))],
      "LABELBOX_API_KEY", host="api.labelbox.com", auth="bearer"),
    S("Arize", ML, [P(("ARIZE_SPACE_ID", "{b64u:24}"), ("ARIZE_API_KEY", "{b62:40}"))], "ARIZE_API_KEY"),
    S("Vapi", AI, ["{uuid}"], "VAPI_API_KEY VAPI_PRIVATE_KEY", host="api.vapi.ai", auth="bearer"),
    S("Retell AI", AI, ["key_{hex:30}"], "RETELL_API_KEY", host="api.retellai.com", auth="bearer"),
    S("Cartesia", AI, ["sk_car_{b62:40}"], "CARTESIA_API_KEY", host="api.cartesia.ai", auth="header:X-API-Key"),
    S("Hume AI", AI, ["{b62:48}"], "HUME_API_KEY", host="api.hume.ai", auth="header:X-Hume-Api-Key"),
    S("Writer", AI, ["{b62:32}"], "WRITER_API_KEY", host="api.writer.com", auth="bearer"),
    S("Zhipu AI", AI, ["{hex:32}.{b62:16}"], "ZHIPUAI_API_KEY", host="open.bigmodel.cn", auth="bearer"),
    S("Moonshot AI", AI, ["sk-{b62:48}"], "MOONSHOT_API_KEY", host="api.moonshot.cn", auth="bearer"),
    S("Alibaba DashScope", AI, ["sk-{hex:32}"], "DASHSCOPE_API_KEY", host="dashscope.aliyuncs.com", auth="bearer"),
]
